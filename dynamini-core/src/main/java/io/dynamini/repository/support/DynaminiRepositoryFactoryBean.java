package io.dynamini.repository.support;

import io.dynamini.core.DynaminiOperations;

import org.jspecify.annotations.Nullable;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.util.Assert;

/**
 * The factory bean Spring registers for each dynamini repository interface.
 *
 * @param <T> the repository type
 * @param <S> the entity type
 * @param <ID> the id type
 */
public class DynaminiRepositoryFactoryBean<T extends Repository<S, ID>, S, ID>
		extends RepositoryFactoryBeanSupport<T, S, ID> {

	private @Nullable DynaminiOperations operations;

	public DynaminiRepositoryFactoryBean(Class<? extends T> repositoryInterface) {
		super(repositoryInterface);
	}

	public void setDynaminiOperations(DynaminiOperations operations) {
		Assert.notNull(operations, "operations must not be null");
		this.operations = operations;
		setMappingContext(operations.getMappingContext());
	}

	@Override
	protected RepositoryFactorySupport createRepositoryFactory() {
		Assert.state(operations != null, "DynaminiOperations must be set");
		return new DynaminiRepositoryFactory(operations);
	}

	@Override
	public void afterPropertiesSet() {
		Assert.state(operations != null, "DynaminiOperations must be set");
		super.afterPropertiesSet();
	}
}

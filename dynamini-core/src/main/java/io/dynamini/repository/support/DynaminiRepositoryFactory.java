package io.dynamini.repository.support;

import java.util.Optional;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.mapping.DynaminiPersistentEntity;

import io.dynamini.annotation.AllowScan;
import io.dynamini.repository.query.PartTreeDynaminiQuery;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.core.support.PersistentEntityInformation;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.ValueExpressionDelegate;
import org.springframework.util.Assert;

/**
 * Creates {@link io.dynamini.repository.VersionedRepository} instances backed by {@link SimpleDynaminiRepository}.
 * Checks each entity's mapping when the repository is created, so a missing {@code @Id}, {@code @Version} or
 * {@code @VersionedEntity}, or an invalid {@code @Indexed}, fails at startup.
 */
public class DynaminiRepositoryFactory extends RepositoryFactorySupport {

	private final DynaminiOperations operations;

	public DynaminiRepositoryFactory(DynaminiOperations operations) {
		Assert.notNull(operations, "operations must not be null");
		this.operations = operations;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T, ID> EntityInformation<T, ID> getEntityInformation(Class<T> domainClass) {
		DynaminiPersistentEntity<T> entity;
		try {
			// the entity verifies its mapping rules as it enters the mapping context
			entity = (DynaminiPersistentEntity<T>) operations.getMappingContext().getRequiredPersistentEntity(domainClass);
			entity.getRequiredTypeName();
		}
		catch (MappingException ex) {
			throw new InvalidDataAccessApiUsageException(ex.getMessage(), ex);
		}
		return new PersistentEntityInformation<>(entity);
	}

	@Override
	public EntityInformation<?, ?> getEntityInformation(RepositoryMetadata metadata) {
		return getEntityInformation(metadata.getDomainType());
	}

	@Override
	protected Object getTargetRepository(RepositoryInformation metadata) {
		return getTargetRepositoryViaReflection(metadata, getEntityInformation(metadata.getDomainType()), operations);
	}

	@Override
	protected Class<?> getRepositoryBaseClass(RepositoryMetadata metadata) {
		return SimpleDynaminiRepository.class;
	}

	@Override
	protected Optional<QueryLookupStrategy> getQueryLookupStrategy(QueryLookupStrategy.Key key,
			ValueExpressionDelegate valueExpressionDelegate) {
		return Optional.of((method, metadata, projectionFactory, namedQueries) -> new PartTreeDynaminiQuery(
				new QueryMethod(method, metadata, projectionFactory), metadata.getRepositoryInterface().getSimpleName(),
				operations, AnnotatedElementUtils.hasAnnotation(method, AllowScan.class)));
	}
}

package io.dynamini.repository.query;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.observation.DynaminiObservations;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.convert.DtoInstantiatingConverter;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.ResultProcessor;
import org.springframework.data.repository.query.ReturnedType;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * A derived query method ({@code findByOwnerAndCreatedAfter(...)}) answered with DynamoDB Query requests: planned by
 * {@link DynaminiQueryCreator} when the repository is created, run by the {@link DynaminiQueryExecution} its return
 * type needs, and shaped by Spring Data's {@link ResultProcessor}, so that interface and DTO projections work.
 *
 * <p>A method no index can serve fails at repository creation, naming what would make it work, unless it is
 * annotated {@link io.dynamini.annotation.AllowScan}. A find method returning {@code List<Revision<Long, T>>}
 * lists the newest revision of every matching entity, deleted ones included.
 */
public class PartTreeDynaminiQuery implements RepositoryQuery {

	private final QueryMethod method;

	private final DynaminiOperations operations;

	private final PartTree tree;

	private final String entityName;

	private final DynaminiQueryCreator creator;

	private final DynaminiQueryExecution execution;

	private final EntityInstantiators instantiators = new EntityInstantiators();

	/**
	 * Plans the method.
	 *
	 * @param repositoryName the repository interface's simple name, for messages
	 * @param allowScan whether the method may read every entity of its type in the tenant
	 * @throws InvalidDataAccessApiUsageException if no Query can answer the method
	 */
	public PartTreeDynaminiQuery(QueryMethod method, String repositoryName, DynaminiOperations operations,
			boolean allowScan) {
		this.method = method;
		this.operations = operations;
		Class<?> domainType = method.getEntityInformation().getJavaType();
		String description = repositoryName + "." + method.getName();
		DynaminiPersistentEntity<?> entity = operations.getMappingContext().getRequiredPersistentEntity(domainType);
		this.entityName = entity.getRequiredTypeName();
		try {
			this.tree = new PartTree(method.getName(), domainType);
		}
		catch (RuntimeException ex) {
			throw DynaminiQueryCreator.invalid(description, ex.getMessage());
		}
		this.creator = new DynaminiQueryCreator(method, tree, entity, description, allowScan);
		this.execution = DynaminiQueryExecution.forMethod(method, tree, creator.returnsRevisions(), operations,
				domainType, description);
	}

	@Override
	public QueryMethod getQueryMethod() {
		return method;
	}

	@Override
	public @Nullable Object execute(Object[] parameters) {
		DynaminiObservations observations = operations.getObservations();
		if (!observations.isEnabled()) {
			return run(parameters);
		}
		return observations.operation(entityName, "query:" + method.getName(), null, () -> run(parameters));
	}

	private @Nullable Object run(Object[] parameters) {
		ParametersParameterAccessor accessor = new ParametersParameterAccessor(method.getParameters(), parameters);
		Object result = execution.execute(creator.create(accessor), accessor,
				DynaminiQueryExecution.maxResults(tree, accessor));
		if (!execution.returnsEntities()) {
			return result;
		}
		ResultProcessor processor = method.getResultProcessor().withDynamicProjection(accessor);
		ReturnedType returned = processor.getReturnedType();
		if (returned.isProjecting() && !returned.getReturnedType().isInterface()) {
			return processor.processResult(result, new DtoInstantiatingConverter(returned.getReturnedType(),
					operations.getMappingContext(), instantiators));
		}
		return processor.processResult(result);
	}
}

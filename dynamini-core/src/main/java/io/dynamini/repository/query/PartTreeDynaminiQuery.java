package io.dynamini.repository.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.DynaminiPersistentProperty;
import io.dynamini.core.mapping.IndexDefinition;
import io.dynamini.core.mapping.IndexValues;
import io.dynamini.core.query.Criterion;
import io.dynamini.core.query.Criterion.Operator;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPage;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.OffsetScrollPosition;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.history.Revision;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;
import org.springframework.data.support.PageableExecutionUtils;

/**
 * A derived query method ({@code findByOwnerAndCreatedAfter(...)}) answered with DynamoDB Query requests.
 *
 * <p>When the repository is created it plans the method: an equality on an {@link io.dynamini.annotation.Indexed}
 * property becomes the index's partition key, a condition on that index's {@code sortBy} property its key
 * condition, every other condition a filter. A method no index can serve fails right then, naming what would make
 * it work, unless it is annotated {@link io.dynamini.annotation.AllowScan}. A find method returning
 * {@code List<Revision<Long, T>>} lists the newest revision of every matching entity, deleted ones included.
 */
public class PartTreeDynaminiQuery implements RepositoryQuery {

	private final QueryMethod method;

	private final DynaminiOperations operations;

	private final Class<?> domainType;

	private final PartTree tree;

	private final @Nullable IndexDefinition index;

	private final @Nullable Part partitionPart;

	private final @Nullable Part sortPart;

	private final String description;

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
		this.domainType = method.getEntityInformation().getJavaType();
		this.description = repositoryName + "." + method.getName();
		DynaminiPersistentEntity<?> entity = operations.getMappingContext().getRequiredPersistentEntity(domainType);
		try {
			this.tree = new PartTree(method.getName(), domainType);
		}
		catch (RuntimeException ex) {
			throw invalid(ex.getMessage());
		}
		if (tree.isDistinct()) {
			throw invalid("Distinct is not supported");
		}
		List<PartTree.OrPart> orParts = tree.stream().toList();
		if (orParts.size() > 1) {
			throw invalid("DynamoDB cannot combine conditions with Or in one Query; declare one method per branch");
		}
		List<Part> parts = tree.getParts().toList();
		for (Part part : parts) {
			checkSupported(part);
		}
		IndexDefinition chosen = null;
		Part chosenPartition = null;
		Part chosenSort = null;
		for (Part part : parts) {
			if (part.getType() != Part.Type.SIMPLE_PROPERTY || part.getProperty().hasNext()) {
				continue;
			}
			DynaminiPersistentProperty property = entity.getPersistentProperty(part.getProperty().getSegment());
			IndexDefinition candidate = property == null ? null : entity.getIndex(property).orElse(null);
			if (candidate == null) {
				continue;
			}
			Part sort = findSortPart(parts, candidate, part);
			if (chosen == null || (chosenSort == null && sort != null)) {
				chosen = candidate;
				chosenPartition = part;
				chosenSort = sort;
			}
		}
		if (chosen == null && !parts.isEmpty() && !allowScan) {
			throw invalid(("DynamoDB could answer it only by reading every %1$s of the tenant: no @Indexed property "
					+ "is compared for equality. Annotate the property compared for equality with @Indexed (for example "
					+ "%1$s.%2$s), or the method with @AllowScan").formatted(domainType.getSimpleName(),
							parts.get(0).getProperty().getSegment()));
		}
		this.index = chosen;
		this.partitionPart = chosenPartition;
		this.sortPart = chosenSort;
		for (Part part : parts) {
			if (part != partitionPart && part != sortPart) {
				checkFilter(part);
			}
		}
		checkSort(tree.getSort());
		if (returnsRevisions() && (!method.isCollectionQuery() || tree.isCountProjection() || tree.isExistsProjection()
				|| tree.isDelete())) {
			throw invalid("a method returning revisions must be a find method returning a List");
		}
	}

	/**
	 * Methods returning {@code List<Revision<Long, T>>} list the newest revision of every matching entity, deleted
	 * ones included.
	 */
	private boolean returnsRevisions() {
		return Revision.class.isAssignableFrom(method.getReturnedObjectType());
	}

	private @Nullable Part findSortPart(List<Part> parts, IndexDefinition candidate, Part partition) {
		DynaminiPersistentProperty sortProperty = candidate.sortProperty();
		if (sortProperty == null) {
			return null;
		}
		for (Part part : parts) {
			if (part == partition || part.getProperty().hasNext()
					|| !part.getProperty().getSegment().equals(sortProperty.getName())) {
				continue;
			}
			Operator operator = operator(part);
			if (operator.isKeyCondition()
					&& (operator != Operator.BEGINS_WITH || IndexValues.supportsPrefix(sortProperty.getType()))) {
				return part;
			}
		}
		return null;
	}

	private void checkSupported(Part part) {
		if (part.shouldIgnoreCase() == Part.IgnoreCaseType.ALWAYS) {
			throw invalid("IgnoreCase is not supported: DynamoDB compares strings exactly");
		}
		operator(part);
	}

	private void checkFilter(Part part) {
		Operator operator = operator(part);
		Class<?> type = part.getProperty().getLeafProperty().getType();
		boolean range = operator == Operator.LT || operator == Operator.LE || operator == Operator.GT
				|| operator == Operator.GE || operator == Operator.BETWEEN;
		if (range && !isStoredInOrder(type)) {
			throw invalid(("a range on %s compares its stored text, which does not follow the order of %s values; "
					+ "make it the sortBy property of the @Indexed property compared for equality")
				.formatted(part.getProperty().toDotPath(), type.getSimpleName()));
		}
		if (operator == Operator.BEGINS_WITH && type != String.class) {
			throw invalid("StartingWith works on String properties only, not on " + part.getProperty().toDotPath());
		}
	}

	private void checkSort(Sort sort) {
		for (Sort.Order order : sort) {
			DynaminiPersistentProperty sortProperty = index == null ? null : index.sortProperty();
			if (sortProperty == null || !sortProperty.getName().equals(order.getProperty())) {
				throw invalid(("results can be ordered only by the sort key of the index the query uses (%s), not by %s")
					.formatted(sortProperty == null ? "creation order" : sortProperty.getName(), order.getProperty()));
			}
			if (order.isIgnoreCase()) {
				throw invalid("ignore-case ordering is not supported");
			}
		}
	}

	private static boolean isStoredInOrder(Class<?> type) {
		Class<?> boxed = type.isPrimitive() ? org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(type) : type;
		return Number.class.isAssignableFrom(boxed) && (boxed == Integer.class || boxed == Long.class
				|| boxed == Short.class || boxed == Byte.class || boxed == Double.class || boxed == Float.class
				|| boxed == BigDecimal.class || boxed == BigInteger.class) || boxed == String.class
				|| boxed == UUID.class || boxed == Character.class;
	}

	private Operator operator(Part part) {
		return switch (part.getType()) {
			case SIMPLE_PROPERTY, TRUE, FALSE -> Operator.EQ;
			case NEGATING_SIMPLE_PROPERTY -> Operator.NE;
			case BETWEEN -> Operator.BETWEEN;
			case LESS_THAN, BEFORE -> Operator.LT;
			case LESS_THAN_EQUAL -> Operator.LE;
			case GREATER_THAN, AFTER -> Operator.GT;
			case GREATER_THAN_EQUAL -> Operator.GE;
			case STARTING_WITH -> Operator.BEGINS_WITH;
			case CONTAINING -> Operator.CONTAINS;
			case IN -> Operator.IN;
			case IS_NULL -> Operator.IS_NULL;
			case IS_NOT_NULL -> Operator.IS_NOT_NULL;
			default -> throw invalid("the keyword " + part.getType() + " is not supported");
		};
	}

	@Override
	public QueryMethod getQueryMethod() {
		return method;
	}

	@Override
	public @Nullable Object execute(Object[] parameters) {
		ParametersParameterAccessor accessor = new ParametersParameterAccessor(method.getParameters(), parameters);
		DynaminiQuery query = bind(accessor);
		Class<?> type = domainType;
		if (tree.isCountProjection()) {
			return operations.count(type, query);
		}
		if (tree.isExistsProjection()) {
			return !operations.query(type, query, null, 0, 1).content().isEmpty();
		}
		int maxResults = tree.getMaxResults() == null ? Integer.MAX_VALUE : tree.getMaxResults();
		Limit limit = accessor.getLimit();
		if (limit.isLimited()) {
			maxResults = Math.min(maxResults, limit.max());
		}
		if (tree.isDelete()) {
			// the index is eventually consistent and its versions may be stale: delete each match by id, reading its
			// latest state strongly, as deleteById does (see docs/design.md)
			List<?> deleted = operations.query(type, query, null, 0, maxResults).content();
			DynaminiPersistentEntity<?> entity = operations.getMappingContext().getRequiredPersistentEntity(type);
			for (Object match : deleted) {
				operations.deleteById(type, entity.getIdentifierAccessor(match).getRequiredIdentifier());
			}
			if (method.isCollectionQuery()) {
				return deleted;
			}
			Class<?> returnType = method.getReturnedObjectType();
			return returnType == Integer.class || returnType == int.class ? (Object) deleted.size()
					: (Object) (long) deleted.size();
		}
		if (returnsRevisions()) {
			List<?> revisions = operations.findLatestRevisions(type, query);
			return revisions.size() > maxResults ? revisions.subList(0, maxResults) : revisions;
		}
		Pageable pageable = accessor.getPageable();
		if (method.isScrollQuery()) {
			return scroll(query, accessor.getScrollPosition(), maxResults);
		}
		if (method.isStreamQuery()) {
			Stream<?> stream = operations.stream(type, query);
			return maxResults == Integer.MAX_VALUE ? stream : stream.limit(maxResults);
		}
		if (method.isSliceQuery() || method.isPageQuery()) {
			Map<String, Object> start = KeysetPageRequest.startOf(pageable);
			long skip = pageable.isPaged() && start == null ? pageable.getOffset() : 0;
			int size = pageable.isPaged() ? Math.min(pageable.getPageSize(), maxResults) : maxResults;
			QueryPage<?> page = operations.query(type, query, start, skip, size);
			Pageable resumable = pageable.isPaged() ? new KeysetPageRequest(pageable.getPageNumber(),
					pageable.getPageSize(), pageable.getSort(), start, page.lastPosition()) : pageable;
			if (method.isPageQuery()) {
				return PageableExecutionUtils.getPage(page.content(), resumable, () -> operations.count(type, query));
			}
			return new SliceImpl<>(page.content(), resumable, page.hasNext());
		}
		if (method.isCollectionQuery()) {
			long skip = pageable.isPaged() ? pageable.getOffset() : 0;
			int size = pageable.isPaged() ? Math.min(pageable.getPageSize(), maxResults) : maxResults;
			return operations.query(type, query, null, skip, size).content();
		}
		List<?> found = operations.query(type, query, null, 0, Math.min(maxResults, 2)).content();
		if (found.size() > 1) {
			throw new IncorrectResultSizeDataAccessException(
					"%s returned more than one result".formatted(description), 1);
		}
		return found.isEmpty() ? null : found.get(0);
	}

	private Window<?> scroll(DynaminiQuery query, @Nullable ScrollPosition position, int maxResults) {
		if (position instanceof OffsetScrollPosition offset) {
			long start = offset.isInitial() ? 0 : offset.getOffset() + 1;
			QueryPage<?> page = operations.query(domainType, query, null, start, maxResults);
			return Window.from(page.content(), i -> ScrollPosition.offset(start + i), page.hasNext());
		}
		Map<String, Object> after = null;
		if (position instanceof KeysetScrollPosition keyset) {
			if (keyset.scrollsBackward()) {
				throw new InvalidDataAccessApiUsageException(description + ": scrolling backward is not supported");
			}
			after = keyset.isInitial() ? null : keyset.getKeys();
		}
		QueryPage<?> page = operations.query(domainType, query, after, 0, maxResults);
		List<Map<String, Object>> positions = page.positions();
		return Window.from(page.content(), i -> ScrollPosition.forward(positions.get(i)), page.hasNext());
	}

	private DynaminiQuery bind(ParametersParameterAccessor accessor) {
		Iterator<Object> values = accessor.iterator();
		Object partitionValue = null;
		Criterion sortCondition = null;
		List<Criterion> filters = new ArrayList<>();
		for (Part part : tree.getParts()) {
			List<Object> arguments = new ArrayList<>();
			for (int i = 0; i < part.getNumberOfArguments(); i++) {
				arguments.add(values.next());
			}
			if (part == partitionPart) {
				if (arguments.get(0) == null) {
					throw new InvalidDataAccessApiUsageException(
							description + ": the indexed property " + part.getProperty().getSegment() + " cannot be null");
				}
				partitionValue = arguments.get(0);
				continue;
			}
			Criterion criterion = criterion(part, arguments);
			if (part == sortPart && criterion.operator().isKeyCondition()) {
				sortCondition = criterion;
			}
			else {
				filters.add(criterion);
			}
		}
		Sort sort = tree.getSort().and(accessor.getSort());
		checkSort(accessor.getSort());
		boolean ascending = sort.stream().findFirst().map(Sort.Order::isAscending).orElse(true);
		return new DynaminiQuery(index, partitionValue, sortCondition, filters, ascending);
	}

	private Criterion criterion(Part part, List<Object> arguments) {
		PropertyPath path = part.getProperty();
		Operator operator = operator(part);
		switch (part.getType()) {
			case TRUE:
				return Criterion.of(path, Operator.EQ, true);
			case FALSE:
				return Criterion.of(path, Operator.EQ, false);
			case IS_NULL:
			case IS_NOT_NULL:
				return Criterion.of(path, operator);
			case IN: {
				Object argument = arguments.get(0);
				List<Object> in = new ArrayList<>();
				if (argument instanceof Collection<?> collection) {
					in.addAll(collection);
				}
				else if (argument instanceof Object[] array) {
					in.addAll(List.of(array));
				}
				else if (argument != null) {
					in.add(argument);
				}
				if (in.isEmpty() || in.contains(null)) {
					throw new InvalidDataAccessApiUsageException(description + ": In needs non-null values");
				}
				return new Criterion(path, Operator.IN, in);
			}
			default:
				for (Object argument : arguments) {
					if (argument == null) {
						if (operator == Operator.EQ) {
							return Criterion.of(path, Operator.IS_NULL);
						}
						if (operator == Operator.NE) {
							return Criterion.of(path, Operator.IS_NOT_NULL);
						}
						throw new InvalidDataAccessApiUsageException(
								description + ": the value for " + path.toDotPath() + " must not be null");
					}
				}
				return new Criterion(path, operator, arguments);
		}
	}

	private InvalidDataAccessApiUsageException invalid(@Nullable String reason) {
		return new InvalidDataAccessApiUsageException("%s is not supported: %s".formatted(description, reason));
	}
}

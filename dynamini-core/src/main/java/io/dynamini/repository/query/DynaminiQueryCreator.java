package io.dynamini.repository.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.DynaminiPersistentProperty;
import io.dynamini.core.mapping.IndexDefinition;
import io.dynamini.core.mapping.IndexValues;
import io.dynamini.core.query.Criterion;
import io.dynamini.core.query.Criterion.Operator;
import io.dynamini.core.query.DynaminiQuery;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.domain.Sort;
import org.springframework.data.history.Revision;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * Plans a derived query method when the repository is created, and binds each call's arguments into a
 * {@link DynaminiQuery}: an equality on an {@link io.dynamini.annotation.Indexed} property becomes the index's
 * partition key, a condition on that index's {@code sortBy} property its key condition, every other condition a
 * filter. A method no index can serve fails at planning, naming what would make it work, unless it may scan.
 */
final class DynaminiQueryCreator {

	private final QueryMethod method;

	private final Class<?> domainType;

	private final PartTree tree;

	private final @Nullable IndexDefinition index;

	private final @Nullable Part partitionPart;

	private final @Nullable Part sortPart;

	private final String description;

	/**
	 * @throws InvalidDataAccessApiUsageException if no Query can answer the method
	 */
	DynaminiQueryCreator(QueryMethod method, PartTree tree, DynaminiPersistentEntity<?> entity, String description,
			boolean allowScan) {
		this.method = method;
		this.domainType = entity.getType();
		this.tree = tree;
		this.description = description;
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
	 * @return whether the method lists the newest revision of every match ({@code List<Revision<Long, T>>})
	 */
	boolean returnsRevisions() {
		return Revision.class.isAssignableFrom(method.getReturnedObjectType());
	}

	/** Binds one call's arguments. */
	DynaminiQuery create(ParametersParameterAccessor accessor) {
		return bind(accessor);
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
		return invalid(description, reason);
	}

	static InvalidDataAccessApiUsageException invalid(String description, @Nullable String reason) {
		return new InvalidDataAccessApiUsageException("%s is not supported: %s".formatted(description, reason));
	}
}

package io.dynamini.repository.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.query.Criterion;
import io.dynamini.core.query.Condition;
import io.dynamini.core.query.Criterion.Operator;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPlan;
import io.dynamini.core.query.QueryPlanner;

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
 * Turns a derived query method into conditions when the repository is created, has core's {@link QueryPlanner}
 * plan them (which index, which key condition; refused methods name the fix), and binds each call's arguments into
 * a {@link DynaminiQuery}.
 */
final class DynaminiQueryCreator {

	private final QueryMethod method;

	private final Class<?> domainType;

	private final PartTree tree;

	private final QueryPlan plan;

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
		List<Condition> conditions = new ArrayList<>(parts.size());
		for (Part part : parts) {
			checkSupported(part);
			conditions.add(new Condition(part.getProperty(), operator(part),
					part.getType() != Part.Type.TRUE && part.getType() != Part.Type.FALSE));
		}
		try {
			this.plan = QueryPlanner.plan(entity, conditions, tree.getSort(), allowScan);
		}
		catch (InvalidDataAccessApiUsageException unsupported) {
			throw invalid(unsupported.getMessage());
		}
		this.partitionPart = plan.partitionCondition() < 0 ? null : parts.get(plan.partitionCondition());
		this.sortPart = plan.sortCondition() < 0 ? null : parts.get(plan.sortCondition());
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

	private void checkSupported(Part part) {
		if (part.shouldIgnoreCase() == Part.IgnoreCaseType.ALWAYS) {
			throw invalid("IgnoreCase is not supported: DynamoDB compares strings exactly");
		}
		operator(part);
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
		try {
			plan.checkSort(accessor.getSort());
		}
		catch (InvalidDataAccessApiUsageException unsupported) {
			throw invalid(unsupported.getMessage());
		}
		boolean ascending = sort.stream().findFirst().map(Sort.Order::isAscending).orElse(true);
		return new DynaminiQuery(plan.index(), partitionValue, sortCondition, filters, ascending);
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

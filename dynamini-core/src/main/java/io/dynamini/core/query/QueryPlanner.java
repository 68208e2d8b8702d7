package io.dynamini.core.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.DynaminiPersistentProperty;
import io.dynamini.core.mapping.IndexDefinition;
import io.dynamini.core.mapping.IndexValues;
import io.dynamini.core.query.Criterion.Operator;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Sort;
import org.springframework.util.ClassUtils;

/**
 * Chooses how a query of an entity type is answered without a Scan: a bound equality on an
 * {@link io.dynamini.annotation.Indexed} property selects that index's partition (preferring an index whose
 * {@code sortBy} property also has a key condition), a condition on that sort property becomes the key condition,
 * every other condition a filter. Refuses, naming the fix, what no index can answer (unless a scan is allowed),
 * filters whose stored form does not order like the values, and orders other than the index's.
 */
public final class QueryPlanner {

	private QueryPlanner() {
	}

	/**
	 * @param allowScan whether the query may read every entity of its type in the tenant
	 * @throws InvalidDataAccessApiUsageException whose message says why DynamoDB cannot answer it and what would
	 */
	public static QueryPlan plan(DynaminiPersistentEntity<?> entity, List<Condition> conditions, Sort sort,
			boolean allowScan) {
		IndexDefinition chosen = null;
		int chosenPartition = -1;
		int chosenSort = -1;
		for (int i = 0; i < conditions.size(); i++) {
			Condition condition = conditions.get(i);
			if (!condition.bound() || condition.operator() != Operator.EQ || condition.path().hasNext()) {
				continue;
			}
			DynaminiPersistentProperty property = entity.getPersistentProperty(condition.path().getSegment());
			IndexDefinition candidate = property == null ? null : entity.getIndex(property).orElse(null);
			if (candidate == null) {
				continue;
			}
			int sortCondition = sortCondition(conditions, candidate, i);
			if (chosen == null || (chosenSort < 0 && sortCondition >= 0)) {
				chosen = candidate;
				chosenPartition = i;
				chosenSort = sortCondition;
			}
		}
		if (chosen == null && !conditions.isEmpty() && !allowScan) {
			throw new InvalidDataAccessApiUsageException(("DynamoDB could answer it only by reading every %1$s of the "
					+ "tenant: no @Indexed property is compared for equality. Annotate the property compared for equality "
					+ "with @Indexed (for example %1$s.%2$s), or the method with @AllowScan")
				.formatted(entity.getType().getSimpleName(), conditions.get(0).path().getSegment()));
		}
		for (int i = 0; i < conditions.size(); i++) {
			if (i != chosenPartition && i != chosenSort) {
				checkFilter(conditions.get(i));
			}
		}
		QueryPlan plan = new QueryPlan(chosen, chosenPartition, chosenSort);
		plan.checkSort(sort);
		return plan;
	}

	private static int sortCondition(List<Condition> conditions, IndexDefinition candidate, int partition) {
		DynaminiPersistentProperty sortProperty = candidate.sortProperty();
		if (sortProperty == null) {
			return -1;
		}
		for (int i = 0; i < conditions.size(); i++) {
			Condition condition = conditions.get(i);
			if (i == partition || condition.path().hasNext()
					|| !condition.path().getSegment().equals(sortProperty.getName())) {
				continue;
			}
			Operator operator = condition.operator();
			if (operator.isKeyCondition()
					&& (operator != Operator.BEGINS_WITH || IndexValues.supportsPrefix(sortProperty.getType()))) {
				return i;
			}
		}
		return -1;
	}

	private static void checkFilter(Condition condition) {
		Operator operator = condition.operator();
		Class<?> type = condition.path().getLeafProperty().getType();
		boolean range = operator == Operator.LT || operator == Operator.LE || operator == Operator.GT
				|| operator == Operator.GE || operator == Operator.BETWEEN;
		if (range && !isStoredInOrder(type)) {
			throw new InvalidDataAccessApiUsageException(("a range on %s compares its stored text, which does not follow "
					+ "the order of %s values; make it the sortBy property of the @Indexed property compared for equality")
				.formatted(condition.path().toDotPath(), type.getSimpleName()));
		}
		if (operator == Operator.BEGINS_WITH && type != String.class) {
			throw new InvalidDataAccessApiUsageException(
					"StartingWith works on String properties only, not on " + condition.path().toDotPath());
		}
	}

	/** Types whose stored attribute compares like the values (numbers as N, strings by code point, UUID text). */
	private static boolean isStoredInOrder(Class<?> type) {
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		return boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == Double.class || boxed == Float.class || boxed == BigDecimal.class
				|| boxed == BigInteger.class || boxed == String.class || boxed == UUID.class || boxed == Character.class;
	}
}

package io.dynamini.core.query;

import java.util.List;

import io.dynamini.core.mapping.IndexDefinition;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A query that DynamoDB can answer with Query requests: every live entity of a type in the current tenant whose
 * indexed property equals a value ({@code index} and {@code partitionValue}), optionally narrowed by a key condition
 * on the index's sort property, then filtered.
 *
 * <p>Without an index it reads every live entity of the type in the tenant (the type index) and filters them;
 * repositories build such queries only for methods annotated {@link io.dynamini.annotation.AllowScan}.
 *
 * @param index the index to query, or {@code null} for the type index
 * @param partitionValue the value of the index's property, or {@code null} with no index
 * @param sortCondition a condition on the index's sort property, or {@code null}
 * @param filters conditions applied after reading (they cost the capacity of every item read)
 * @param ascending the order of the index's sort key (creation order when it has none)
 */
public record DynaminiQuery(@Nullable IndexDefinition index, @Nullable Object partitionValue,
		@Nullable Criterion sortCondition, List<Criterion> filters, boolean ascending) {

	public DynaminiQuery {
		Assert.isTrue((index == null) == (partitionValue == null), "an index needs a partition value and vice versa");
		Assert.isTrue(sortCondition == null || index != null && index.sortProperty() != null,
				"a sort condition needs an index with a sort property");
		Assert.isTrue(sortCondition == null || sortCondition.operator().isKeyCondition(),
				() -> "not a key condition: " + sortCondition);
		filters = List.copyOf(filters);
	}

	/**
	 * @return a query of every live entity of the type, in creation order
	 */
	public static DynaminiQuery all(boolean ascending) {
		return new DynaminiQuery(null, null, null, List.of(), ascending);
	}
}

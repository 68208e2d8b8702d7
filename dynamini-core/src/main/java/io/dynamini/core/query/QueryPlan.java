package io.dynamini.core.query;

import io.dynamini.core.mapping.DynaminiPersistentProperty;
import io.dynamini.core.mapping.IndexDefinition;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Sort;

/**
 * How a query of one entity type is answered: on which index, which of its conditions is the index's partition,
 * which its key condition; every other condition is a filter. Without an index, the query reads the type's listing
 * (only where the caller allowed a scan).
 *
 * @param index the index, or {@code null} for the type's listing
 * @param partitionCondition the position of the condition that selects the index partition, or {@code -1}
 * @param sortCondition the position of the condition on the index's sort key, or {@code -1}
 */
public record QueryPlan(@Nullable IndexDefinition index, int partitionCondition, int sortCondition) {

	/**
	 * @throws InvalidDataAccessApiUsageException if results would have to be ordered by anything but the index's sort
	 * key (DynamoDB returns a Query in key order only)
	 */
	public void checkSort(Sort sort) {
		for (Sort.Order order : sort) {
			DynaminiPersistentProperty sortProperty = index == null ? null : index.sortProperty();
			if (sortProperty == null || !sortProperty.getName().equals(order.getProperty())) {
				throw new InvalidDataAccessApiUsageException(
						"results can be ordered only by the sort key of the index the query uses (%s), not by %s"
							.formatted(sortProperty == null ? "creation order" : sortProperty.getName(), order.getProperty()));
			}
			if (order.isIgnoreCase()) {
				throw new InvalidDataAccessApiUsageException("ignore-case ordering is not supported");
			}
		}
	}
}

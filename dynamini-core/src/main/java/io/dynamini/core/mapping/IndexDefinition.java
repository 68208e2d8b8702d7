package io.dynamini.core.mapping;

import io.dynamini.core.TableLayout;

import org.jspecify.annotations.Nullable;

/**
 * One {@link io.dynamini.annotation.Indexed @Indexed} property of an entity and the generic index slot it uses.
 *
 * @param slot the generic index, 1 to {@link #MAX_SLOTS}
 * @param property the indexed property; equality on it is the index's partition key
 * @param sortProperty the property whose values order the index, or {@code null} for creation order
 */
public record IndexDefinition(int slot, DynaminiPersistentProperty property,
		@Nullable DynaminiPersistentProperty sortProperty) {

	/** Number of generic global secondary indexes the table has. */
	public static final int MAX_SLOTS = 5;

	public String indexName() {
		return TableLayout.genericIndex(slot);
	}

	public String partitionKeyAttribute() {
		return TableLayout.genericPartitionKey(slot);
	}

	public String sortKeyAttribute() {
		return TableLayout.genericSortKey(slot);
	}
}

package io.dynamini.core.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One {@link io.dynamini.annotation.Indexed @Indexed} property of an entity and the generic index slot it uses.
 * The slot is mapping; the index and attribute names of a slot are the table's ({@code TableLayout}).
 *
 * @param slot the generic index, 1 to {@link #MAX_SLOTS}
 * @param property the indexed property; equality on it is the index's partition key
 * @param sortProperty the property whose values order the index, or {@code null} for creation order
 */
public record IndexDefinition(int slot, DynaminiPersistentProperty property,
		@Nullable DynaminiPersistentProperty sortProperty) {

	/** Number of generic global secondary indexes the table has. */
	public static final int MAX_SLOTS = 5;
}

package io.dynamini.embedded.tables;

import java.util.Comparator;

/**
 * Where an item stands in a secondary index: its index key, then its table key (an index may hold many items under
 * one index key; they are ordered by the table key, which makes every entry unique).
 */
public record IndexKey(ItemKey index, ItemKey table) {

	public static final Comparator<IndexKey> ORDER = (a, b) -> {
		int order = ItemKey.ORDER.compare(a.index, b.index);
		return order != 0 ? order : ItemKey.ORDER.compare(a.table, b.table);
	};
}

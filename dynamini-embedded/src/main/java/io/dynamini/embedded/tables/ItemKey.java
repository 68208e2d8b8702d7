package io.dynamini.embedded.tables;

import java.util.Comparator;

import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * A primary key's values: partition key, and sort key or {@code null}. {@link #ORDER} sorts by partition key, then
 * sort key, so that one partition is one contiguous range.
 */
public record ItemKey(Value hash, Value range) {

	/** Sorts before every key (a bound for searches). */
	public static final ItemKey LOWEST = new ItemKey(null, null);

	public static final Comparator<ItemKey> ORDER = (a, b) -> {
		if (a.hash == null || b.hash == null) {
			return a.hash == null ? (b.hash == null ? 0 : -1) : 1;
		}
		int order = Values.compareScalars(a.hash, b.hash);
		if (order != 0 || a.range == null || b.range == null) {
			return order != 0 ? order : a.range == null ? (b.range == null ? 0 : -1) : 1;
		}
		return Values.compareScalars(a.range, b.range);
	};
}

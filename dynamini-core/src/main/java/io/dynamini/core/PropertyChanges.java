package io.dynamini.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compares two stored states: maps key by key (in key order), lists index by index, everything else (scalars, sets)
 * as a whole value. A value replaced by another kind of value (a map by a string, say) is one change at its path.
 */
final class PropertyChanges {

	private final Function<AttributeValue, @Nullable Object> plain;

	/**
	 * @param plain turns a stored value into the plain Java value a change reports
	 */
	PropertyChanges(Function<AttributeValue, @Nullable Object> plain) {
		this.plain = plain;
	}

	List<PropertyChange> between(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
		List<PropertyChange> changes = new ArrayList<>();
		compareMaps(null, before, after, changes);
		return changes;
	}

	/** @param path the map's path, {@code null} for the state itself */
	private void compareMaps(@Nullable String path, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
			List<PropertyChange> changes) {
		TreeSet<String> keys = new TreeSet<>(before.keySet());
		keys.addAll(after.keySet());
		for (String key : keys) {
			String child = (path == null ? "" : path + ".") + PropertyChange.escapeKey(key);
			compare(child, before.get(key), after.get(key), changes);
		}
	}

	private void compare(String path, @Nullable AttributeValue before, @Nullable AttributeValue after,
			List<PropertyChange> changes) {
		boolean hadValue = before != null && !Boolean.TRUE.equals(before.nul());
		boolean hasValue = after != null && !Boolean.TRUE.equals(after.nul());
		if (!hadValue && !hasValue) {
			return;
		}
		if (!hadValue) {
			changes.add(new PropertyChange(path, PropertyChange.Kind.ADDED, null, plain.apply(after)));
			return;
		}
		if (!hasValue) {
			changes.add(new PropertyChange(path, PropertyChange.Kind.REMOVED, plain.apply(before), null));
			return;
		}
		if (before.type() == AttributeValue.Type.M && after.type() == AttributeValue.Type.M) {
			compareMaps(path, before.m(), after.m(), changes);
			return;
		}
		if (before.type() == AttributeValue.Type.L && after.type() == AttributeValue.Type.L) {
			List<AttributeValue> old = before.l();
			List<AttributeValue> current = after.l();
			for (int i = 0; i < Math.max(old.size(), current.size()); i++) {
				compare(path + "[" + i + "]", i < old.size() ? old.get(i) : null,
						i < current.size() ? current.get(i) : null, changes);
			}
			return;
		}
		Object old = plain.apply(before);
		Object current = plain.apply(after);
		if (!Objects.deepEquals(old, current) || before.type() != after.type()) {
			changes.add(new PropertyChange(path, PropertyChange.Kind.CHANGED, old, current));
		}
	}
}

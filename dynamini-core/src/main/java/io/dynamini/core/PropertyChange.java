package io.dynamini.core;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One difference between two revisions of an entity, at a path of its stored state: {@code title},
 * {@code address.city}, {@code tags[2]}. Values are as stored: text, numbers ({@code Long} when integral, otherwise
 * {@code BigDecimal}), booleans, lists, maps, sets; {@code null} where the kind has none ({@code oldValue} of an
 * {@link Kind#ADDED}, {@code newValue} of a {@link Kind#REMOVED}). A map key containing {@code .}, {@code [},
 * {@code ]} or {@code \} is escaped in the path with {@code \}; {@link #segments()} gives the unescaped keys and
 * list indexes.
 *
 * @param path where the change is
 * @param kind what happened there
 * @param oldValue the value before, or {@code null}
 * @param newValue the value after, or {@code null}
 */
public record PropertyChange(String path, Kind kind, @Nullable Object oldValue, @Nullable Object newValue) {

	/** What happened at a path. */
	public enum Kind {

		/** the path has a value now and had none before */
		ADDED,

		/** the path had a value before and has none now */
		REMOVED,

		/** the path's value changed (including from one kind of value to another) */
		CHANGED
	}

	/**
	 * @return the path's map keys ({@code String}) and list indexes ({@code Integer}), in order
	 */
	public List<Object> segments() {
		List<Object> segments = new ArrayList<>();
		StringBuilder key = new StringBuilder();
		boolean inKey = true;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '[') {
				if (inKey) {
					segments.add(key.toString());
					inKey = false;
				}
				int end = path.indexOf(']', i);
				segments.add(Integer.parseInt(path.substring(i + 1, end)));
				i = end;
				if (i + 1 < path.length() && path.charAt(i + 1) == '.') {
					i++;
					inKey = true;
					key.setLength(0);
				}
			}
			else if (c == '.') {
				segments.add(key.toString());
				key.setLength(0);
			}
			else {
				key.append(c == '\\' && i + 1 < path.length() ? path.charAt(++i) : c);
			}
		}
		if (inKey) {
			segments.add(key.toString());
		}
		return segments;
	}

	static String escapeKey(String key) {
		StringBuilder escaped = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c == '.' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}
}

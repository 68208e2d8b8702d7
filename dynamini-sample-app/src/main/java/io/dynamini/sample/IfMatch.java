package io.dynamini.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The versions a write may apply to ({@code If-Match: "3"}, {@code W/"3"}, {@code *}, or a list of them).
 */
public record IfMatch(List<String> versions, boolean any) {

	/** @return the precondition of a header, or {@code null} when there is none */
	static @Nullable IfMatch parse(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		boolean any = false;
		List<String> versions = new java.util.ArrayList<>();
		for (String tag : header.split(",")) {
			String value = tag.trim();
			if (value.equals("*")) {
				any = true;
				continue;
			}
			if (value.startsWith("W/")) {
				value = value.substring(2);
			}
			versions.add(value.replace("\"", ""));
		}
		return new IfMatch(List.copyOf(versions), any);
	}

	/**
	 * @return {@code current} when the precondition holds for it
	 * @throws VersionMismatchException when no listed version is the current one
	 */
	static @Nullable Long expected(@Nullable IfMatch ifMatch, long current) {
		if (ifMatch == null) {
			return null;
		}
		if (ifMatch.any() || ifMatch.versions().contains(Long.toString(current))) {
			return current;
		}
		throw new VersionMismatchException(current);
	}
}

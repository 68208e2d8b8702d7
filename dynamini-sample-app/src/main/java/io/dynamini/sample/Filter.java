package io.dynamini.sample;

import org.jspecify.annotations.Nullable;

/**
 * Which items a listing shows, as DynamoDB-mini's {@code ?filter=}.
 */
public enum Filter {

	/** Live items only (the default). */
	LATEST,

	/** The latest revision of every item, deleted ones included. */
	CURRENT,

	/**
	 * Every revision of every item, deleted ones included, each item's in revision order (DynamoDB-mini's version
	 * rows).
	 */
	ALL;

	boolean includesDeleted() {
		return this != LATEST;
	}

	static Filter parse(@Nullable String value) {
		if (value == null || value.isEmpty() || value.equals("latest")) {
			return LATEST;
		}
		if (value.equals("current")) {
			return CURRENT;
		}
		if (value.equals("all")) {
			return ALL;
		}
		// DynamoDB-mini treats any other value as latest
		return LATEST;
	}
}

package io.dynamini.core;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Builds key values from tenant, type and id. Each part is escaped ({@code %} to {@code %25}, {@code #} to
 * {@code %23}) before it is joined with {@code #}, so the mapping from parts to keys is injective: no id or
 * tenant, whatever it contains, can produce another entity's or tenant's key.
 */
final class ItemKeys {

	static final String SYSTEM_PART = "~dynamini";

	/** DynamoDB's limit for a partition key value. */
	static final int MAX_PARTITION_KEY_BYTES = 2048;

	private ItemKeys() {
	}

	static String escape(String part) {
		if (part.indexOf('%') < 0 && part.indexOf('#') < 0) {
			return part;
		}
		StringBuilder escaped = new StringBuilder(part.length() + 8);
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			switch (c) {
				case '%' -> escaped.append("%25");
				case '#' -> escaped.append("%23");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/**
	 * The tenant, type and id of an entity's partition key, or {@code null} if {@code pk} is not one (it does not
	 * have exactly three parts, as the table's own bookkeeping keys do not).
	 */
	static String @Nullable [] parts(String pk) {
		String[] parts = pk.split("#", -1);
		if (parts.length != 3) {
			return null;
		}
		for (int i = 0; i < parts.length; i++) {
			parts[i] = unescape(parts[i]);
		}
		return parts;
	}

	static String unescape(String part) {
		return part.indexOf('%') < 0 ? part : part.replace("%23", "#").replace("%25", "%");
	}

	/**
	 * A partition key of the table's own bookkeeping (change-feed checkpoints, leases): four parts, the second
	 * {@value #SYSTEM_PART}, where every entity key has three, so no tenant, type or id can produce it.
	 */
	static String systemKey(String tenant, String kind, String name) {
		return escape(tenant) + '#' + SYSTEM_PART + '#' + escape(kind) + '#' + escape(name);
	}

	static String partitionKey(String tenant, String type, String id, String description) {
		String key = escape(tenant) + '#' + escape(type) + '#' + escape(id);
		int bytes = key.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_PARTITION_KEY_BYTES) {
			throw new InvalidDataAccessApiUsageException(
					"%s: the id is too long; with tenant and type its key takes %d bytes, DynamoDB allows %d"
						.formatted(description, bytes, MAX_PARTITION_KEY_BYTES));
		}
		return key;
	}

	static String typePartitionKey(String tenant, String type, boolean deleted) {
		String key = escape(tenant) + '#' + escape(type);
		return deleted ? key + TableLayout.DELETED_SUFFIX : key;
	}
}

package io.dynamini.core;

import java.nio.charset.StandardCharsets;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Builds key values from tenant, type and id. Each part is escaped ({@code %} to {@code %25}, {@code #} to
 * {@code %23}) before it is joined with {@code #}, so the mapping from parts to keys is injective: no id or
 * tenant, whatever it contains, can produce another entity's or tenant's key.
 */
final class ItemKeys {

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

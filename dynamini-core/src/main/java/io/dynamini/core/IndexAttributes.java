package io.dynamini.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.IndexDefinition;
import io.dynamini.core.mapping.IndexValues;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Key values of the generic indexes ({@code gsi1}...) for an entity's latest state. History items are never
 * indexed; a deleted entity moves to a partition of its own, so queries of live entities never read it.
 *
 * <p>Partition key: {@code <tenant>#<type>#<property>#<value>}, each part escaped, with {@code #deleted} appended
 * while the entity is deleted. Sort key: {@code v<value>} for a sort property's value ({@code n} when it is null,
 * so nulls sort first), or the creation ULID.
 */
final class IndexAttributes {

	static final String NULL_SORT_VALUE = "n";

	static final String SORT_VALUE_PREFIX = "v";

	private static final int MAX_SORT_KEY_BYTES = 1024;

	private IndexAttributes() {
	}

	/**
	 * @return the partition key of an index for a property value
	 */
	static String partitionKey(String tenant, String type, IndexDefinition index, Object value, boolean deleted) {
		String key = ItemKeys.escape(tenant) + '#' + ItemKeys.escape(type) + '#'
				+ ItemKeys.escape(index.property().getName()) + '#' + ItemKeys.escape(IndexValues.encode(value));
		return deleted ? key + TableLayout.DELETED_SUFFIX : key;
	}

	static String sortKey(Object value) {
		return SORT_VALUE_PREFIX + IndexValues.encode(value);
	}

	/**
	 * Calls {@code sink} with each index's key attributes for the state: {@code (index, partitionKey, sortKey)},
	 * where a {@code null} partition key means "not in this index" and a {@code null} sort key means "creation
	 * order".
	 */
	static void forEach(DynaminiPersistentEntity<?> entity, String tenant, String type,
			Map<String, AttributeValue> state, boolean deleted, DynaminiEntityConverter converter, Sink sink) {
		for (IndexDefinition index : entity.getIndexes()) {
			Object value = converter.readProperty(index.property(), state);
			if (value == null) {
				sink.accept(index, null, null);
				continue;
			}
			String partitionKey = partitionKey(tenant, type, index, value, deleted);
			if (partitionKey.getBytes(StandardCharsets.UTF_8).length > ItemKeys.MAX_PARTITION_KEY_BYTES) {
				throw new InvalidDataAccessApiUsageException("The value of indexed property %s.%s is too long to index"
					.formatted(type, index.property().getName()));
			}
			String sortKey = null;
			if (index.sortProperty() != null) {
				Object sortValue = converter.readProperty(index.sortProperty(), state);
				sortKey = sortValue == null ? NULL_SORT_VALUE : sortKey(sortValue);
				if (sortKey.getBytes(StandardCharsets.UTF_8).length > MAX_SORT_KEY_BYTES) {
					throw new InvalidDataAccessApiUsageException("The value of sort property %s.%s is too long to index"
						.formatted(type, index.sortProperty().getName()));
				}
			}
			sink.accept(index, partitionKey, sortKey);
		}
	}

	@FunctionalInterface
	interface Sink {

		void accept(IndexDefinition index, @Nullable String partitionKey, @Nullable String sortKey);
	}
}

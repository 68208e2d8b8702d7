package io.dynamini.core;

import java.util.Map;

import io.dynamini.core.mapping.DynaminiPersistentEntity;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of one entity in the current tenant: its partition key, and what messages call it.
 *
 * @param entity the entity's mapping
 * @param tenant the tenant
 * @param typeName the entity type name used in keys
 * @param id the id as a string
 * @param pk the partition key
 * @param retention how long the type keeps superseded revisions
 */
record EntityTarget(DynaminiPersistentEntity<?> entity, String tenant, String typeName, String id, String pk,
		HistoryRetention retention) {

	EntityTarget(DynaminiPersistentEntity<?> entity, String tenant, String typeName, String id, String pk) {
		this(entity, tenant, typeName, id, pk, HistoryRetention.FOREVER);
	}

	private static final AttributeValue LATEST = AttributeValue.fromS(TableLayout.LATEST_SORT_KEY);

	/** @return whether the type has an {@code @ExpiresAt} property */
	boolean expiring() {
		return entity.getExpiresAtProperty() != null;
	}

	String describe() {
		return typeName + " '" + id + "'";
	}

	Map<String, AttributeValue> latestKey() {
		return Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(pk), TableLayout.SORT_KEY, LATEST);
	}
}

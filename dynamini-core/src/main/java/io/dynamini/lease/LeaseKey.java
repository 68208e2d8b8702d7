package io.dynamini.lease;

import java.util.Map;

import io.dynamini.core.TableLayout;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a lease lives: under a partition key of the table's bookkeeping, {@code <tenant>#~dynamini#lease#<name>},
 * which no entity or tenant can produce.
 */
record LeaseKey(String tenant, String name) {

	static final String SORT_KEY = "lease";

	Map<String, AttributeValue> itemKey() {
		return Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(TableLayout.systemPartitionKey(tenant, "lease", name)),
				TableLayout.SORT_KEY, AttributeValue.fromS(SORT_KEY));
	}
}

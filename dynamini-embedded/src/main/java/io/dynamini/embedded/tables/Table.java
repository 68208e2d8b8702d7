package io.dynamini.embedded.tables;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.dynamini.embedded.streams.StreamLog;
import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * One table: its definition (keys, attribute types, indexes, billing, stream and TTL settings, tags) and its items,
 * sorted by primary key, with every secondary index kept in step on each write. Not thread-safe: the engine
 * serializes access.
 */
public final class Table {

	private final String name;

	private final String arn;

	private final String id;

	private final BigDecimal createdAt;

	private final KeySchema schema;

	private final Map<String, Value.Type> attributeTypes;

	private final Map<String, Index> indexes = new LinkedHashMap<>();

	private final TreeMap<ItemKey, Map<String, Value>> items = new TreeMap<>(ItemKey.ORDER);

	private long sizeBytes;

	private String billingMode;

	private Map<String, Object> provisionedThroughput;

	private Map<String, Object> onDemandThroughput;

	private StreamLog stream;

	private String timeToLiveAttribute;

	private boolean deletionProtection;

	private boolean pointInTimeRecovery;

	private final Map<String, String> tags = new LinkedHashMap<>();

	private Map<String, Object> tableClass;

	public Table(String name, String arn, String id, BigDecimal createdAt, KeySchema schema, Map<String, Value.Type> attributeTypes) {
		this.name = name;
		this.arn = arn;
		this.id = id;
		this.createdAt = createdAt;
		this.schema = schema;
		this.attributeTypes = new LinkedHashMap<>(attributeTypes);
	}

	public String name() {
		return name;
	}

	public String arn() {
		return arn;
	}

	public String id() {
		return id;
	}

	public BigDecimal createdAt() {
		return createdAt;
	}

	public KeySchema schema() {
		return schema;
	}

	public Map<String, Value.Type> attributeTypes() {
		return attributeTypes;
	}

	public Map<String, Index> indexes() {
		return indexes;
	}

	public Index index(String indexName) {
		return indexes.get(indexName);
	}

	public NavigableMap<ItemKey, Map<String, Value>> items() {
		return items;
	}

	public Map<String, Value> get(ItemKey key) {
		return items.get(key);
	}

	/**
	 * Stores {@code after} under {@code key} ({@code null} deletes), keeping every index in step.
	 *
	 * @return the item as it was, or {@code null}
	 */
	public Map<String, Value> write(ItemKey key, Map<String, Value> after) {
		Map<String, Value> before = after == null ? items.remove(key) : items.put(key, after);
		if (before != null) {
			sizeBytes -= Values.itemSize(before);
		}
		if (after != null) {
			sizeBytes += Values.itemSize(after);
		}
		for (Index index : indexes.values()) {
			index.update(key, before, after, schema);
		}
		return before;
	}

	/** Adds an index and fills it from the items (UpdateTable). */
	public void addIndex(Index index) {
		indexes.put(index.name(), index);
		items.forEach((key, item) -> index.update(key, null, item, schema));
	}

	public String billingMode() {
		return billingMode;
	}

	public void setBilling(String billingMode, Map<String, Object> provisioned, Map<String, Object> onDemand) {
		this.billingMode = billingMode;
		this.provisionedThroughput = provisioned;
		this.onDemandThroughput = onDemand;
	}

	public StreamLog stream() {
		return stream;
	}

	public void setStream(StreamLog stream) {
		this.stream = stream;
	}

	public String timeToLiveAttribute() {
		return timeToLiveAttribute;
	}

	public void setTimeToLiveAttribute(String attribute) {
		this.timeToLiveAttribute = attribute;
	}

	public boolean deletionProtection() {
		return deletionProtection;
	}

	public void setDeletionProtection(boolean deletionProtection) {
		this.deletionProtection = deletionProtection;
	}

	public boolean pointInTimeRecovery() {
		return pointInTimeRecovery;
	}

	public void setPointInTimeRecovery(boolean enabled) {
		this.pointInTimeRecovery = enabled;
	}

	public Map<String, String> tags() {
		return tags;
	}

	public void setTableClass(Map<String, Object> tableClass) {
		this.tableClass = tableClass;
	}

	/** @return the table as DescribeTable (and CreateTable, UpdateTable, DeleteTable) describe it */
	public Map<String, Object> describe(String status) {
		Map<String, Object> description = new LinkedHashMap<>();
		List<Map<String, Object>> definitions = new ArrayList<>();
		attributeTypes.forEach((attribute, type) -> definitions.add(Map.of("AttributeName", attribute, "AttributeType", type.name())));
		description.put("AttributeDefinitions", definitions);
		description.put("TableName", name);
		description.put("KeySchema", schema.describe());
		description.put("TableStatus", status);
		description.put("CreationDateTime", createdAt);
		Map<String, Object> throughput = new LinkedHashMap<>();
		throughput.put("NumberOfDecreasesToday", 0);
		throughput.put("ReadCapacityUnits", provisionedThroughput == null ? 0 : provisionedThroughput.get("ReadCapacityUnits"));
		throughput.put("WriteCapacityUnits", provisionedThroughput == null ? 0 : provisionedThroughput.get("WriteCapacityUnits"));
		description.put("ProvisionedThroughput", throughput);
		description.put("TableSizeBytes", sizeBytes);
		description.put("ItemCount", items.size());
		description.put("TableArn", arn);
		description.put("TableId", id);
		if ("PAY_PER_REQUEST".equals(billingMode)) {
			description.put("BillingModeSummary", Map.of("BillingMode", "PAY_PER_REQUEST",
					"LastUpdateToPayPerRequestDateTime", createdAt));
		}
		if (onDemandThroughput != null) {
			description.put("OnDemandThroughput", onDemandThroughput);
		}
		List<Map<String, Object>> locals = new ArrayList<>();
		List<Map<String, Object>> globals = new ArrayList<>();
		for (Index index : indexes.values()) {
			long indexBytes = index.entries().values().stream().mapToLong(Values::itemSize).sum();
			(index.global() ? globals : locals).add(index.describe(arn, indexBytes));
		}
		if (!locals.isEmpty()) {
			description.put("LocalSecondaryIndexes", locals);
		}
		if (!globals.isEmpty()) {
			description.put("GlobalSecondaryIndexes", globals);
		}
		if (stream != null && stream.enabled()) {
			description.put("StreamSpecification", Map.of("StreamEnabled", true, "StreamViewType", stream.viewType()));
			description.put("LatestStreamLabel", stream.label());
			description.put("LatestStreamArn", stream.arn());
		}
		description.put("DeletionProtectionEnabled", deletionProtection);
		if (tableClass != null) {
			description.put("TableClassSummary", tableClass);
		}
		return description;
	}
}

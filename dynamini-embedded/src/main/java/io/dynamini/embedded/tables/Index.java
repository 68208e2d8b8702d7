package io.dynamini.embedded.tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import io.dynamini.embedded.values.Value;

/**
 * A secondary index: its key schema, its projection ({@code KEYS_ONLY}, {@code INCLUDE} or {@code ALL}) and its
 * entries, the projected items of the table's items that carry its key (it is sparse).
 */
public final class Index {

	public enum Projection {
		KEYS_ONLY, INCLUDE, ALL
	}

	private final String name;

	private final boolean global;

	private final KeySchema schema;

	private final Projection projection;

	private final List<String> nonKeyAttributes;

	private final TreeMap<IndexKey, Map<String, Value>> entries = new TreeMap<>(IndexKey.ORDER);

	private Map<String, Object> provisionedThroughput;

	private Map<String, Object> onDemandThroughput;

	public Index(String name, boolean global, KeySchema schema, Projection projection, List<String> nonKeyAttributes) {
		this.name = name;
		this.global = global;
		this.schema = schema;
		this.projection = projection;
		this.nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
	}

	public String name() {
		return name;
	}

	public boolean global() {
		return global;
	}

	public KeySchema schema() {
		return schema;
	}

	public Projection projection() {
		return projection;
	}

	public NavigableMap<IndexKey, Map<String, Value>> entries() {
		return entries;
	}

	public void setThroughput(Map<String, Object> provisioned, Map<String, Object> onDemand) {
		this.provisionedThroughput = provisioned;
		this.onDemandThroughput = onDemand;
	}

	/** @return the entry of {@code item} as this index stores it, or {@code null} if the item lacks the index key */
	public Map<String, Value> project(Map<String, Value> item, KeySchema tableSchema) {
		if (schema.keyOf(item) == null) {
			return null;
		}
		if (projection == Projection.ALL) {
			return item;
		}
		Map<String, Value> projected = new LinkedHashMap<>();
		for (Map.Entry<String, Value> attribute : item.entrySet()) {
			String attributeName = attribute.getKey();
			if (tableSchema.names().contains(attributeName) || schema.names().contains(attributeName)
					|| (projection == Projection.INCLUDE && nonKeyAttributes.contains(attributeName))) {
				projected.put(attributeName, attribute.getValue());
			}
		}
		return projected;
	}

	/** @return the attributes an index entry holds, or {@code null} for all */
	public Set<String> projectedAttributes(KeySchema tableSchema) {
		if (projection == Projection.ALL) {
			return null;
		}
		Set<String> names = new java.util.HashSet<>(tableSchema.names());
		names.addAll(schema.names());
		if (projection == Projection.INCLUDE) {
			names.addAll(nonKeyAttributes);
		}
		return names;
	}

	/** Moves the entry of an item whose old and new versions are given (either may be {@code null}). */
	public void update(ItemKey tableKey, Map<String, Value> before, Map<String, Value> after, KeySchema tableSchema) {
		if (before != null) {
			ItemKey old = schema.keyOf(before);
			if (old != null) {
				entries.remove(new IndexKey(old, tableKey));
			}
		}
		if (after != null) {
			Map<String, Value> projected = project(after, tableSchema);
			if (projected != null) {
				entries.put(new IndexKey(schema.keyOf(after), tableKey), projected);
			}
		}
	}

	public Map<String, Object> describe(String tableArn, long sizeBytes) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("IndexName", name);
		description.put("KeySchema", schema.describe());
		Map<String, Object> projectionDescription = new LinkedHashMap<>();
		projectionDescription.put("ProjectionType", projection.name());
		if (projection == Projection.INCLUDE) {
			projectionDescription.put("NonKeyAttributes", nonKeyAttributes);
		}
		description.put("Projection", projectionDescription);
		if (global) {
			description.put("IndexStatus", "ACTIVE");
			if (provisionedThroughput != null) {
				description.put("ProvisionedThroughput", provisionedThroughput);
			}
			if (onDemandThroughput != null) {
				description.put("OnDemandThroughput", onDemandThroughput);
			}
		}
		description.put("IndexSizeBytes", sizeBytes);
		description.put("ItemCount", entries.size());
		description.put("IndexArn", tableArn + "/index/" + name);
		return description;
	}
}

package io.dynamini.embedded.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dynamini.embedded.protocol.AttributeJson;
import io.dynamini.embedded.protocol.Json;
import io.dynamini.embedded.streams.StreamLog;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.Index;
import io.dynamini.embedded.tables.ItemKey;
import io.dynamini.embedded.tables.KeySchema;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Keeps the tables in a folder, in H2's MVStore (a well-kept, pure-Java, append-only store of sorted maps): one map of
 * table definitions and one map of items per table, keyed by the item's key in DynamoDB JSON. Every request's writes
 * are committed before the engine answers it, so an acknowledged write survives the process being killed. Stream
 * records are not kept: after a restart a stream starts with fresh shards.
 */
public final class FolderStorage implements Storage {

	private final MVStore store;

	private final MVMap<String, String> tables;

	private boolean dirty;

	private FolderStorage(MVStore store) {
		this.store = store;
		this.tables = store.openMap("tables");
	}

	public static FolderStorage open(Path folder) {
		try {
			Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the engine's data folder " + folder, ex);
		}
		MVStore store = new MVStore.Builder().fileName(folder.resolve("dynamini-embedded.mv.db").toString())
			.autoCommitDisabled()
			.open();
		return new FolderStorage(store);
	}

	private MVMap<String, String> items(String table) {
		return store.openMap("items:" + table);
	}

	@Override
	public void saveTable(Table table) {
		Map<String, Object> definition = new LinkedHashMap<>();
		definition.put("name", table.name());
		definition.put("arn", table.arn());
		definition.put("id", table.id());
		definition.put("createdAt", table.createdAt());
		Map<String, Object> types = new LinkedHashMap<>();
		table.attributeTypes().forEach((name, type) -> types.put(name, type.name()));
		definition.put("types", types);
		definition.put("key", schema(table.schema()));
		List<Object> indexes = new ArrayList<>();
		for (Index index : table.indexes().values()) {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("name", index.name());
			description.put("global", index.global());
			description.put("key", schema(index.schema()));
			description.put("projection", index.projection().name());
			Set<String> projected = index.projectedAttributes(table.schema());
			description.put("nonKey", projected == null ? List.of() : new ArrayList<>(projected));
			indexes.add(description);
		}
		definition.put("indexes", indexes);
		definition.put("billing", table.billingMode());
		if (table.stream() != null && table.stream().enabled()) {
			definition.put("streamViewType", table.stream().viewType());
		}
		if (table.timeToLiveAttribute() != null) {
			definition.put("ttl", table.timeToLiveAttribute());
		}
		definition.put("deletionProtection", table.deletionProtection());
		definition.put("tags", new LinkedHashMap<>(table.tags()));
		tables.put(table.name(), Json.write(definition));
		dirty = true;
	}

	private static Map<String, Object> schema(KeySchema schema) {
		Map<String, Object> key = new LinkedHashMap<>();
		key.put("hash", schema.hash());
		key.put("hashType", schema.hashType().name());
		if (schema.hasRange()) {
			key.put("range", schema.range());
			key.put("rangeType", schema.rangeType().name());
		}
		return key;
	}

	private static KeySchema schema(Map<String, Object> key) {
		String range = (String) key.get("range");
		return new KeySchema((String) key.get("hash"), Value.Type.valueOf((String) key.get("hashType")), range,
				range == null ? null : Value.Type.valueOf((String) key.get("rangeType")));
	}

	@Override
	public void dropTable(String name) {
		tables.remove(name);
		store.removeMap(items(name));
		dirty = true;
	}

	@Override
	public void write(Table table, ItemKey key, Map<String, Value> item) {
		String encodedKey = Json.write(AttributeJson.writeItem(table.schema().extract(item != null ? item
				: keyItem(table, key))));
		MVMap<String, String> items = items(table.name());
		if (item == null) {
			items.remove(encodedKey);
		}
		else {
			items.put(encodedKey, Json.write(AttributeJson.writeItem(item)));
		}
		dirty = true;
	}

	private static Map<String, Value> keyItem(Table table, ItemKey key) {
		Map<String, Value> item = new LinkedHashMap<>();
		item.put(table.schema().hash(), key.hash());
		if (table.schema().hasRange()) {
			item.put(table.schema().range(), key.range());
		}
		return item;
	}

	@Override
	public void commit() {
		if (dirty) {
			store.commit();
			dirty = false;
		}
	}

	/** Loads every table and item into the database (at start). */
	@SuppressWarnings("unchecked")
	public void load(Database database) {
		for (String name : tables.keySet()) {
			Map<String, Object> definition = (Map<String, Object>) Json.parse(tables.get(name));
			Map<String, Value.Type> types = new LinkedHashMap<>();
			((Map<String, Object>) definition.get("types")).forEach((attribute, type) -> types.put(attribute, Value.Type.valueOf((String) type)));
			Table table = new Table(name, (String) definition.get("arn"), (String) definition.get("id"),
					(BigDecimal) definition.get("createdAt"), schema((Map<String, Object>) definition.get("key")), types);
			for (Object json : (List<Object>) definition.get("indexes")) {
				Map<String, Object> index = (Map<String, Object>) json;
				Index.Projection projection = Index.Projection.valueOf((String) index.get("projection"));
				List<String> nonKey = new ArrayList<>();
				((List<Object>) index.get("nonKey")).forEach(attribute -> nonKey.add((String) attribute));
				table.indexes().put((String) index.get("name"), new Index((String) index.get("name"),
						(Boolean) index.get("global"), schema((Map<String, Object>) index.get("key")), projection,
						projection == Index.Projection.INCLUDE ? nonKey : List.of()));
			}
			String billing = (String) definition.get("billing");
			table.setBilling(billing, billing.equals("PROVISIONED") ? Map.of("ReadCapacityUnits", BigDecimal.ONE,
					"WriteCapacityUnits", BigDecimal.ONE) : null, null);
			if (definition.get("streamViewType") != null) {
				table.setStream(new StreamLog(table.arn(), (String) definition.get("streamViewType"), database.streamSettings(),
						database.nowMillis(), database.nextStreamBase(), database.region()));
			}
			table.setTimeToLiveAttribute((String) definition.get("ttl"));
			table.setDeletionProtection(Boolean.TRUE.equals(definition.get("deletionProtection")));
			((Map<String, Object>) definition.get("tags")).forEach((key, value) -> table.tags().put(key, (String) value));
			MVMap<String, String> items = items(name);
			for (String encoded : items.values()) {
				Map<String, Value> item = AttributeJson.readItem(Json.parse(encoded), "item");
				table.write(table.schema().keyOf(item), item);
			}
			database.add(table);
		}
	}

	@Override
	public void close() {
		if (!store.isClosed()) {
			store.commit();
			store.close();
		}
	}
}

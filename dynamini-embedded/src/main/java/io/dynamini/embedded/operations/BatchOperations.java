package io.dynamini.embedded.operations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dynamini.embedded.expressions.Evaluator;
import io.dynamini.embedded.expressions.Path;
import io.dynamini.embedded.expressions.Placeholders;
import io.dynamini.embedded.protocol.AttributeJson;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.tables.Capacity;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.ItemKey;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * BatchGetItem (at most 100 keys, 16 MB of items; the rest as {@code UnprocessedKeys}) and BatchWriteItem (at most
 * 25 puts or deletes, no condition, one action per item). Fault injection can leave parts unprocessed.
 */
final class BatchOperations {

	private static final long MAX_BATCH_GET_BYTES = 16L * 1024 * 1024;

	private BatchOperations() {
	}

	static Object batchGetItem(Database database, Request request, int processLimit) {
		Map<String, Object> requestItems = request.map("RequestItems");
		if (requestItems == null || requestItems.isEmpty()) {
			throw EngineException.constraint(null, "requestItems", "Member must have length greater than or equal to 1");
		}
		int keys = 0;
		for (Object tableRequest : requestItems.values()) {
			List<Object> tableKeys = new Request(tableRequest).list("Keys");
			keys += tableKeys == null ? 0 : tableKeys.size();
		}
		if (keys > 100) {
			throw EngineException.validation("Too many items requested for the BatchGetItem call");
		}
		Capacity capacity = new Capacity();
		Map<String, Object> responses = new LinkedHashMap<>();
		Map<String, Object> unprocessed = new LinkedHashMap<>();
		long bytes = 0;
		int processed = 0;
		for (Map.Entry<String, Object> entry : requestItems.entrySet()) {
			Table table = Items.table(database, entry.getKey(), "requestItems");
			Request tableRequest = new Request(entry.getValue());
			Placeholders placeholders = Items.placeholders(tableRequest);
			List<Path> projection = Items.projection(tableRequest, placeholders);
			placeholders.checkAllUsed();
			boolean consistent = tableRequest.bool("ConsistentRead", false);
			List<Object> found = new ArrayList<>();
			List<Object> left = new ArrayList<>();
			Set<ItemKey> seen = new HashSet<>();
			for (Object keyJson : tableRequest.list("Keys")) {
				ItemKey key = table.schema().requireKey(AttributeJson.readItem(keyJson, "Keys"));
				if (!seen.add(key)) {
					throw EngineException.validation("Provided list of item keys contains duplicates");
				}
				if (bytes >= MAX_BATCH_GET_BYTES || processed >= processLimit) {
					left.add(keyJson);
					continue;
				}
				processed++;
				Map<String, Value> item = table.get(key);
				long size = item == null ? 0 : Values.itemSize(item);
				bytes += size;
				capacity.read(table, null, size, consistent, false);
				if (item != null) {
					found.add(AttributeJson.writeItem(projection == null ? item : Evaluator.project(item, projection)));
				}
			}
			responses.put(entry.getKey(), found);
			if (!left.isEmpty()) {
				Map<String, Object> rest = new LinkedHashMap<>(tableRequest.body());
				rest.put("Keys", left);
				unprocessed.put(entry.getKey(), rest);
			}
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Responses", responses);
		response.put("UnprocessedKeys", unprocessed);
		List<Map<String, Object>> report = capacity.report(request.string("ReturnConsumedCapacity"), database);
		if (report != null) {
			response.put("ConsumedCapacity", report);
		}
		return response;
	}

	static Object batchWriteItem(Database database, Request request, int processLimit) {
		Map<String, Object> requestItems = request.map("RequestItems");
		if (requestItems == null || requestItems.isEmpty()) {
			throw EngineException.constraint(null, "requestItems", "Member must have length greater than or equal to 1");
		}
		record Write(Table table, ItemKey key, Map<String, Value> item, Object json, String tableName) {
		}
		List<Write> writes = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Map.Entry<String, Object> entry : requestItems.entrySet()) {
			Table table = Items.table(database, entry.getKey(), "requestItems");
			if (!(entry.getValue() instanceof List<?> list)) {
				throw EngineException.serialization("Unexpected value type in payload for RequestItems");
			}
			for (Object writeJson : list) {
				Request write = new Request(writeJson);
				if (write.has("PutRequest") == write.has("DeleteRequest")) {
					throw EngineException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
				}
				Map<String, Value> item;
				ItemKey key;
				if (write.has("PutRequest")) {
					item = write.nested("PutRequest").item("Item");
					if (item == null) {
						throw EngineException.constraint(null, "requestItems." + entry.getKey() + ".member.putRequest.item", "Member must not be null");
					}
					Items.checkItem(table, item);
					key = table.schema().keyOf(item);
				}
				else {
					item = null;
					key = table.schema().requireKey(write.nested("DeleteRequest").item("Key"));
				}
				if (!seen.add(entry.getKey() + "\u0000" + key)) {
					throw EngineException.validation("Provided list of item keys contains duplicates");
				}
				writes.add(new Write(table, key, item, writeJson, entry.getKey()));
			}
		}
		if (writes.size() > 25) {
			throw EngineException.constraint("[...]", "requestItems", "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
		}
		Capacity capacity = new Capacity();
		Map<String, Object> unprocessed = new LinkedHashMap<>();
		int processed = 0;
		for (Write write : writes) {
			if (processed >= processLimit || database.isHeld(write.table(), write.key())) {
				@SuppressWarnings("unchecked")
				List<Object> left = (List<Object>) unprocessed.computeIfAbsent(write.tableName(), name -> new ArrayList<>());
				left.add(write.json());
				continue;
			}
			processed++;
			Map<String, Value> before = database.write(write.table(), write.key(), write.item(), false);
			capacity.write(write.table(), before, write.item(), false);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("UnprocessedItems", unprocessed);
		List<Map<String, Object>> report = capacity.report(request.string("ReturnConsumedCapacity"), database);
		if (report != null) {
			response.put("ConsumedCapacity", report);
		}
		return response;
	}
}

package io.dynamini.embedded.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.expressions.Ast;
import io.dynamini.embedded.expressions.Ast.Condition;
import io.dynamini.embedded.expressions.Evaluator;
import io.dynamini.embedded.expressions.Parser;
import io.dynamini.embedded.expressions.Path;
import io.dynamini.embedded.expressions.Placeholders;
import io.dynamini.embedded.expressions.Updater;
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
 * PutItem, GetItem, UpdateItem and DeleteItem: each validates its request, then evaluates its condition against
 * the item as stored and writes, in one step under the database's lock.
 */
final class ItemOperations {

	private ItemOperations() {
	}

	/** A single-item write planned and checked, ready to apply (shared with transactions and batches). */
	record Planned(Table table, ItemKey key, Map<String, Value> before, Map<String, Value> after) {
	}

	static Object putItem(Database database, Request request) {
		Table table = Items.table(database, request);
		Placeholders placeholders = Items.placeholders(request);
		Condition condition = Items.condition(request, placeholders);
		placeholders.checkAllUsed();
		String returnValues = oldOrNone(request);
		Capacity capacity = new Capacity();
		Planned planned = planPut(table, request.item("Item"), condition, request.string("ReturnValuesOnConditionCheckFailure"),
				capacity, false);
		return apply(database, request, planned, capacity, returnValues);
	}

	/** @return the ReturnValues of a put or delete, which may only ask for the item as it was */
	private static String oldOrNone(Request request) {
		String returnValues = request.string("ReturnValues");
		Items.checkEnum(returnValues, "returnValues", List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
		if (returnValues != null && !returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
			throw EngineException.validation("ReturnValues can only be ALL_OLD or NONE");
		}
		return returnValues;
	}

	static Planned planPut(Table table, Map<String, Value> item, Condition condition, String returnOnFailure,
			Capacity capacity, boolean transactional) {
		if (item == null) {
			throw EngineException.constraint(null, "item", "Member must not be null");
		}
		Items.checkItem(table, item);
		ItemKey key = table.schema().keyOf(item);
		Map<String, Value> before = table.get(key);
		if (!Items.holds(condition, before)) {
			capacity.refusedWrite(table, item, transactional);
			throw Items.conditionFailed(before, returnOnFailure);
		}
		return new Planned(table, key, before, item);
	}

	static Object getItem(Database database, Request request) {
		Table table = Items.table(database, request);
		Placeholders placeholders = Items.placeholders(request);
		List<Path> projection = Items.projection(request, placeholders);
		placeholders.checkAllUsed();
		ItemKey key = table.schema().requireKey(request.item("Key"));
		boolean consistent = request.bool("ConsistentRead", false);
		Map<String, Value> item = table.get(key);
		Capacity capacity = new Capacity();
		capacity.read(table, null, item == null ? 0 : Values.itemSize(item), consistent, false);
		Map<String, Object> response = new LinkedHashMap<>();
		if (item != null) {
			response.put("Item", AttributeJson.writeItem(projection == null ? item : Evaluator.project(item, projection)));
		}
		addCapacity(response, capacity, request, database);
		return response;
	}

	static Object updateItem(Database database, Request request) {
		Table table = Items.table(database, request);
		Placeholders placeholders = Items.placeholders(request);
		Capacity capacity = new Capacity();
		Planned planned = planUpdate(table, request, placeholders, capacity, false);
		String returnValues = request.string("ReturnValues");
		Items.checkEnum(returnValues, "returnValues", List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
		database.requireNotHeld(table, planned.key());
		database.write(table, planned.key(), planned.after(), false);
		capacity.write(table, planned.before(), planned.after(), false);
		Map<String, Object> response = new LinkedHashMap<>();
		if (returnValues != null && !returnValues.equals("NONE")) {
			List<String> touched = Items.touched(actions(request, placeholders));
			Map<String, Value> attributes = switch (returnValues) {
				case "ALL_OLD" -> planned.before();
				case "ALL_NEW" -> planned.after();
				case "UPDATED_OLD" -> only(planned.before(), touched);
				default -> only(planned.after(), touched);
			};
			if (attributes != null && !attributes.isEmpty()) {
				response.put("Attributes", AttributeJson.writeItem(attributes));
			}
		}
		addCapacity(response, capacity, request, database);
		addCollectionMetrics(response, table, planned, request);
		return response;
	}

	private static Map<String, Value> only(Map<String, Value> item, List<String> names) {
		if (item == null) {
			return null;
		}
		Map<String, Value> result = new LinkedHashMap<>();
		for (String name : names) {
			if (item.containsKey(name)) {
				result.put(name, item.get(name));
			}
		}
		return result;
	}

	private static List<Ast.Action> actions(Request request, Placeholders placeholders) {
		if (request.has("UpdateExpression")) {
			return Parser.update(request.string("UpdateExpression"), placeholders);
		}
		if (request.has("AttributeUpdates")) {
			return Legacy.attributeUpdates(request.map("AttributeUpdates"));
		}
		return List.of();
	}

	/** Plans an update: condition against the stored item, then the actions on it (or on the key alone). */
	static Planned planUpdate(Table table, Request request, Placeholders placeholders, Capacity capacity,
			boolean transactional) {
		Legacy.refuseMixing(request, List.of("AttributeUpdates", "Expected"), List.of("UpdateExpression", "ConditionExpression"));
		Map<String, Value> keyAttributes = request.item("Key");
		ItemKey key = table.schema().requireKey(keyAttributes);
		List<Ast.Action> actions = actions(request, placeholders);
		Condition condition = Items.condition(request, placeholders);
		placeholders.checkAllUsed();
		Map<String, Value> before = storedIfHolds(table, key, condition, request, capacity, transactional);
		Map<String, Value> base = before != null ? before : table.schema().extract(keyAttributes);
		Map<String, Value> after = Updater.apply(actions, base, new java.util.HashSet<>(table.schema().names()));
		Items.checkItem(table, after);
		return new Planned(table, key, before, after);
	}

	static Object deleteItem(Database database, Request request) {
		Table table = Items.table(database, request);
		Placeholders placeholders = Items.placeholders(request);
		String returnValues = oldOrNone(request);
		Capacity capacity = new Capacity();
		Planned planned = planDelete(table, request, placeholders, capacity, false);
		return apply(database, request, planned, capacity, returnValues);
	}

	/** Writes a planned put or delete (refused while a transaction holds the item) and answers as both do. */
	private static Object apply(Database database, Request request, Planned planned, Capacity capacity, String returnValues) {
		database.requireNotHeld(planned.table(), planned.key());
		database.write(planned.table(), planned.key(), planned.after(), false);
		capacity.write(planned.table(), planned.before(), planned.after(), false);
		Map<String, Object> response = new LinkedHashMap<>();
		if ("ALL_OLD".equals(returnValues) && planned.before() != null) {
			response.put("Attributes", AttributeJson.writeItem(planned.before()));
		}
		addCapacity(response, capacity, request, database);
		addCollectionMetrics(response, planned.table(), planned, request);
		return response;
	}

	static Planned planDelete(Table table, Request request, Placeholders placeholders, Capacity capacity,
			boolean transactional) {
		ItemKey key = table.schema().requireKey(request.item("Key"));
		Condition condition = Items.condition(request, placeholders);
		placeholders.checkAllUsed();
		Map<String, Value> before = storedIfHolds(table, key, condition, request, capacity, transactional);
		return new Planned(table, key, before, null);
	}

	/** @return the stored item (or null) once the condition holds on it; refused, and charged as a refused write, if not */
	private static Map<String, Value> storedIfHolds(Table table, ItemKey key, Condition condition, Request request,
			Capacity capacity, boolean transactional) {
		Map<String, Value> before = table.get(key);
		if (!Items.holds(condition, before)) {
			capacity.refusedWrite(table, before, transactional);
			throw Items.conditionFailed(before, request.string("ReturnValuesOnConditionCheckFailure"));
		}
		return before;
	}

	static void addCapacity(Map<String, Object> response, Capacity capacity, Request request, Database database) {
		String mode = request.string("ReturnConsumedCapacity");
		Items.checkEnum(mode, "returnConsumedCapacity", List.of("INDEXES", "TOTAL", "NONE"));
		List<Map<String, Object>> report = capacity.report(mode, database);
		if (report != null && !report.isEmpty()) {
			response.put("ConsumedCapacity", report.get(0));
		}
	}

	static void addCollectionMetrics(Map<String, Object> response, Table table, Planned planned, Request request) {
		if (!"SIZE".equals(request.string("ReturnItemCollectionMetrics"))) {
			return;
		}
		boolean hasLocal = table.indexes().values().stream().anyMatch(index -> !index.global());
		if (!hasLocal) {
			return;
		}
		response.put("ItemCollectionMetrics", collectionMetrics(table, planned.key()));
	}

	static Map<String, Object> collectionMetrics(Table table, ItemKey key) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("ItemCollectionKey", Map.of(table.schema().hash(), AttributeJson.write(key.hash())));
		metrics.put("SizeEstimateRangeGB", List.of(java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE));
		return metrics;
	}
}

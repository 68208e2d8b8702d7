package io.dynamini.embedded.operations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dynamini.embedded.expressions.Ast.Condition;
import io.dynamini.embedded.expressions.Evaluator;
import io.dynamini.embedded.expressions.Path;
import io.dynamini.embedded.expressions.Placeholders;
import io.dynamini.embedded.protocol.AttributeJson;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Json;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.tables.Capacity;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.ItemKey;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * TransactWriteItems and TransactGetItems: at most 100 actions and 4 MB, one action per item, all or nothing
 * (every condition is evaluated before anything is written, under the database's lock, so a transaction is
 * serializable against every other write); a cancellation carries one reason per action, in order; a client request
 * token makes a successful transaction idempotent for 10 minutes.
 */
final class TransactOperations {

	private static final int MAX_ACTIONS = 100;

	private static final long MAX_BYTES = 4L * 1024 * 1024;

	private TransactOperations() {
	}

	/**
	 * A transaction whose conditions held, its writes planned and its items held (so that a plain write of one of them
	 * is a {@code TransactionConflictException} and an overlapping transaction is cancelled), until {@link #commit}.
	 */
	record Prepared(List<ItemOperations.Planned> planned, List<Boolean> checks, Capacity capacity, List<String> held,
			String token, String fingerprint, String consumedCapacity) {
	}

	/**
	 * Phase one, under the database's lock: validates, evaluates every condition, and holds the items.
	 *
	 * @return a {@link Prepared} transaction, or the remembered response of an earlier one with the same token
	 */
	static Object prepare(Database database, Request request) {
		List<Object> actions = request.list("TransactItems");
		if (actions == null || actions.isEmpty()) {
			throw EngineException.constraint(null, "transactItems", "Member must have length greater than or equal to 1");
		}
		if (actions.size() > MAX_ACTIONS) {
			throw EngineException.constraint("[...]", "transactItems", "Member must have length less than or equal to 100");
		}
		String token = request.string("ClientRequestToken");
		String fingerprint = token == null ? null : Json.write(actions);
		if (token != null) {
			Database.IdempotentResult known = database.idempotentResult(token);
			if (known != null) {
				if (!known.fingerprint().equals(fingerprint)) {
					throw EngineException.idempotentParameterMismatch();
				}
				return known.response();
			}
		}
		Capacity capacity = new Capacity();
		List<ItemOperations.Planned> planned = new ArrayList<>();
		List<Boolean> checks = new ArrayList<>();
		List<Map<String, Object>> reasons = new ArrayList<>();
		boolean cancelled = false;
		Set<String> items = new HashSet<>();
		long bytes = 0;
		for (Object actionJson : actions) {
			Request action = new Request(actionJson);
			List<String> kinds = List.of("ConditionCheck", "Put", "Delete", "Update").stream().filter(action::has).toList();
			if (kinds.size() != 1) {
				throw EngineException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
			}
			String kind = kinds.get(0);
			checks.add(kind.equals("ConditionCheck"));
			Request operation = action.nested(kind);
			Table table = Items.table(database, operation);
			Placeholders placeholders = Items.placeholders(operation);
			ItemKey key = kind.equals("Put") ? keyOfPut(table, operation) : table.schema().requireKey(operation.item("Key"));
			String itemId = Database.itemId(table, key);
			if (!items.add(itemId)) {
				throw EngineException.validation("Transaction request cannot include multiple operations on one item");
			}
			if (database.isHeld(itemId)) {
				// another transaction holds the item: this one is cancelled, as DynamoDB cancels overlapping transactions
				cancelled = true;
				planned.add(null);
				reasons.add(Map.of("Code", "TransactionConflict", "Message", "Transaction is ongoing for the item"));
				continue;
			}
			try {
				ItemOperations.Planned plan = switch (kind) {
					case "Put" -> {
						Condition condition = Items.condition(operation, placeholders);
						placeholders.checkAllUsed();
						yield ItemOperations.planPut(table, operation.item("Item"), condition,
								operation.string("ReturnValuesOnConditionCheckFailure"), capacity, true);
					}
					case "Update" -> ItemOperations.planUpdate(table, operation, placeholders, capacity, true);
					case "Delete" -> ItemOperations.planDelete(table, operation, placeholders, capacity, true);
					default -> check(table, key, operation, placeholders, capacity);
				};
				planned.add(plan);
				if (plan.after() != null) {
					bytes += Values.itemSize(plan.after());
				}
				reasons.add(Map.of("Code", "None"));
			}
			catch (EngineException failed) {
				if (!failed.code().equals("ConditionalCheckFailedException")) {
					throw failed;
				}
				cancelled = true;
				planned.add(null);
				Map<String, Object> reason = new LinkedHashMap<>();
				reason.put("Code", "ConditionalCheckFailed");
				reason.put("Message", "The conditional request failed");
				Object item = failed.body().get("Item");
				if (item != null) {
					reason.put("Item", item);
				}
				reasons.add(reason);
			}
		}
		if (bytes > MAX_BYTES) {
			throw EngineException.validation("Transaction request size exceeds the maximum allowed size of 4 MB");
		}
		if (cancelled) {
			throw cancellation(reasons);
		}
		List<String> held = new ArrayList<>(items);
		database.hold(held);
		return new Prepared(planned, checks, capacity, held, token, fingerprint, request.string("ReturnConsumedCapacity"));
	}

	/** Phase two, under the database's lock: applies the writes and lets the items go. */
	static Object commit(Database database, Prepared prepared) {
		try {
			for (int i = 0; i < prepared.planned().size(); i++) {
				ItemOperations.Planned plan = prepared.planned().get(i);
				if (!prepared.checks().get(i)) {
					database.write(plan.table(), plan.key(), plan.after(), false);
					prepared.capacity().write(plan.table(), plan.before(), plan.after(), true);
				}
			}
		}
		finally {
			database.release(prepared.held());
		}
		Map<String, Object> response = new LinkedHashMap<>();
		List<Map<String, Object>> report = prepared.capacity().report(prepared.consumedCapacity(), database);
		if (report != null) {
			response.put("ConsumedCapacity", report);
		}
		if (prepared.token() != null) {
			database.rememberResult(prepared.token(), prepared.fingerprint(), response);
		}
		return response;
	}

	/** A condition check's plan: no write; marked so that nothing is applied. */
	private static ItemOperations.Planned check(Table table, ItemKey key, Request operation, Placeholders placeholders,
			Capacity capacity) {
		Condition condition = Items.condition(operation, placeholders);
		if (condition == null) {
			throw EngineException.validation("The expression can not be empty;");
		}
		placeholders.checkAllUsed();
		Map<String, Value> item = table.get(key);
		capacity.read(table, null, item == null ? 0 : Values.itemSize(item), true, true);
		if (!Items.holds(condition, item)) {
			throw Items.conditionFailed(item, operation.string("ReturnValuesOnConditionCheckFailure"));
		}
		return new ItemOperations.Planned(table, key, item, item);
	}

	private static ItemKey keyOfPut(Table table, Request operation) {
		Map<String, Value> item = operation.item("Item");
		if (item == null) {
			throw EngineException.constraint(null, "transactItems.member.put.item", "Member must not be null");
		}
		return table.schema().requireItemKey(item);
	}

	private static EngineException cancellation(List<Map<String, Object>> reasons) {
		List<String> codes = reasons.stream().map(reason -> (String) reason.get("Code")).toList();
		return new EngineException("com.amazonaws.dynamodb.v20120810#TransactionCanceledException", 400,
				"Transaction cancelled, please refer cancellation reasons for specific reasons " + codes)
			.with("CancellationReasons", reasons);
	}

	static Object transactGetItems(Database database, Request request) {
		List<Object> actions = request.list("TransactItems");
		if (actions == null || actions.isEmpty()) {
			throw EngineException.constraint(null, "transactItems", "Member must have length greater than or equal to 1");
		}
		if (actions.size() > MAX_ACTIONS) {
			throw EngineException.constraint("[...]", "transactItems", "Member must have length less than or equal to 100");
		}
		Capacity capacity = new Capacity();
		List<Object> responses = new ArrayList<>();
		Set<String> items = new HashSet<>();
		for (Object actionJson : actions) {
			Request get = new Request(actionJson).nested("Get");
			if (get == null) {
				throw EngineException.validation("TransactGetItems can only contain Get actions");
			}
			Table table = Items.table(database, get);
			Placeholders placeholders = Items.placeholders(get);
			List<Path> projection = Items.projection(get, placeholders);
			placeholders.checkAllUsed();
			ItemKey key = table.schema().requireKey(get.item("Key"));
			if (!items.add(table.name() + "\u0000" + key)) {
				throw EngineException.validation("Transaction request cannot include multiple operations on one item");
			}
			Map<String, Value> item = table.get(key);
			capacity.read(table, null, item == null ? 0 : Values.itemSize(item), true, true);
			Map<String, Object> response = new LinkedHashMap<>();
			if (item != null) {
				response.put("Item", AttributeJson.writeItem(projection == null ? item : Evaluator.project(item, projection)));
			}
			responses.add(response);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Responses", responses);
		List<Map<String, Object>> report = capacity.report(request.string("ReturnConsumedCapacity"), database);
		if (report != null) {
			response.put("ConsumedCapacity", report);
		}
		return response;
	}
}

package io.dynamini.embedded.operations;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.dynamini.embedded.expressions.Ast;
import io.dynamini.embedded.expressions.Ast.Condition;
import io.dynamini.embedded.expressions.Evaluator;
import io.dynamini.embedded.expressions.Parser;
import io.dynamini.embedded.expressions.Path;
import io.dynamini.embedded.expressions.Placeholders;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.Index;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * What the item operations share: finding the table, validating items against DynamoDB's rules (400 KB, key and
 * index key types, no empty key values), and reading a request's condition and projection, by expression or by the
 * legacy parameters.
 */
final class Items {

	static final long MAX_ITEM_BYTES = 400 * 1024;

	private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

	private Items() {
	}

	static Table table(Database database, Request request) {
		return table(database, request.string("TableName"), "tableName");
	}

	static Table table(Database database, String name, String member) {
		if (name == null) {
			throw EngineException.constraint(null, member, "Member must not be null");
		}
		checkTableName(name, member);
		return database.require(name);
	}

	static void checkTableName(String name, String member) {
		if (!TABLE_NAME.matcher(name).matches()) {
			if (name.length() < 3 || name.length() > 255) {
				throw EngineException.constraint(name, member, "Member must have length greater than or equal to 3");
			}
			throw EngineException.constraint(name, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
		}
	}

	/** Checks an item about to be stored: its size, its key, and the types of the index keys it carries. */
	static void checkItem(Table table, Map<String, Value> item) {
		table.schema().requireItemKey(item);
		if (Values.itemSize(item) > MAX_ITEM_BYTES) {
			throw EngineException.validation("Item size has exceeded the maximum allowed size");
		}
		for (Index index : table.indexes().values()) {
			for (String attribute : index.schema().names()) {
				Value value = item.get(attribute);
				if (value == null) {
					continue;
				}
				Value.Type expected = attribute.equals(index.schema().hash()) ? index.schema().hashType() : index.schema().rangeType();
				if (value.type() != expected) {
					throw EngineException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
							+ attribute + " Expected: " + expected + " Actual: " + value.type() + " IndexName: " + index.name());
				}
				if ((value.type() == Value.Type.S || value.type() == Value.Type.B) && value.size() == 0) {
					throw EngineException.validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
							+ (value.type() == Value.Type.S ? "string" : "binary") + " value. IndexName: " + index.name() + ", IndexKey: " + attribute);
				}
			}
		}
	}

	/** @return the request's condition (ConditionExpression or Expected), or {@code null} */
	static Condition condition(Request request, Placeholders placeholders) {
		Legacy.refuseMixing(request, List.of("Expected"), List.of("ConditionExpression"));
		if (request.has("ConditionExpression")) {
			return Parser.condition(request.string("ConditionExpression"), "ConditionExpression", placeholders);
		}
		if (request.has("Expected")) {
			return Legacy.expected(request.map("Expected"), request.string("ConditionalOperator"));
		}
		return null;
	}

	/** @return the request's projection (ProjectionExpression or AttributesToGet), or {@code null} for all */
	static List<Path> projection(Request request, Placeholders placeholders) {
		Legacy.refuseMixing(request, List.of("AttributesToGet"), List.of("ProjectionExpression"));
		if (request.has("ProjectionExpression")) {
			return Parser.projection(request.string("ProjectionExpression"), placeholders);
		}
		if (request.has("AttributesToGet")) {
			return Legacy.attributesToGet(request.list("AttributesToGet"));
		}
		return null;
	}

	static Placeholders placeholders(Request request) {
		return new Placeholders(request.names(), request.values());
	}

	/** @return whether {@code item} (absent: {@code null}) satisfies the condition (none: always) */
	static boolean holds(Condition condition, Map<String, Value> item) {
		return condition == null || Evaluator.test(condition, item == null ? Map.of() : item);
	}

	static EngineException conditionFailed(Map<String, Value> item, String returnValuesOnFailure) {
		EngineException failed = EngineException.conditionalCheckFailed();
		if ("ALL_OLD".equals(returnValuesOnFailure) && item != null) {
			failed.with("Item", io.dynamini.embedded.protocol.AttributeJson.writeItem(item));
		}
		return failed;
	}

	static void checkEnum(String value, String member, List<String> allowed) {
		if (value != null && !allowed.contains(value)) {
			throw EngineException.constraint(value, member, "Member must satisfy enum value set: " + allowed);
		}
	}

	/** The top-level attributes an update's actions touch (for UPDATED_OLD and UPDATED_NEW). */
	static List<String> touched(List<Ast.Action> actions) {
		return actions.stream().map(action -> action.path().top()).distinct().toList();
	}
}

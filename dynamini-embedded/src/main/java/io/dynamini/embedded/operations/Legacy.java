package io.dynamini.embedded.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.expressions.Ast;
import io.dynamini.embedded.expressions.Ast.Condition;
import io.dynamini.embedded.expressions.Ast.Operand;
import io.dynamini.embedded.expressions.Path;
import io.dynamini.embedded.protocol.AttributeJson;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.values.Value;

/**
 * DynamoDB's legacy parameters, turned into the same trees the expressions build: {@code Expected},
 * {@code KeyConditions}, {@code QueryFilter} and {@code ScanFilter} (with {@code ConditionalOperator}),
 * {@code AttributeUpdates} and {@code AttributesToGet}. The KCL's lease code uses {@code Expected} and
 * {@code AttributeUpdates}.
 */
final class Legacy {

	private Legacy() {
	}

	/** Refuses a request that mixes legacy and expression parameters, as DynamoDB does. */
	static void refuseMixing(Request request, List<String> legacy, List<String> expressions) {
		List<String> usedLegacy = legacy.stream().filter(request::has).toList();
		List<String> usedExpressions = expressions.stream().filter(request::has).toList();
		if (!usedLegacy.isEmpty() && !usedExpressions.isEmpty()) {
			throw EngineException.validation("Can not use both expression and non-expression parameters in the same request: "
					+ "Non-expression parameters: {" + String.join(", ", usedLegacy) + "} Expression parameters: {"
					+ String.join(", ", usedExpressions) + "}");
		}
	}

	/** {@code Expected}: attribute to {Value, Exists} or {ComparisonOperator, AttributeValueList}. */
	@SuppressWarnings("unchecked")
	static Condition expected(Map<String, Object> expected, String conditionalOperator) {
		List<Condition> conditions = new ArrayList<>();
		for (Map.Entry<String, Object> entry : expected.entrySet()) {
			Request condition = new Request(entry.getValue());
			Path path = new Path(List.of(entry.getKey()));
			if (condition.has("ComparisonOperator")) {
				conditions.add(comparison(path, condition, "Expected"));
				continue;
			}
			boolean exists = condition.bool("Exists", true);
			Value value = condition.has("Value") ? AttributeJson.read(condition.body().get("Value"), "Expected.Value") : null;
			if (!exists) {
				if (value != null) {
					throw EngineException.validation("One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: " + entry.getKey());
				}
				conditions.add(new Ast.Function("attribute_not_exists", path, null));
			}
			else {
				if (value == null) {
					throw EngineException.validation("One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: " + entry.getKey());
				}
				conditions.add(new Ast.Comparison(new Ast.PathOperand(path), "=", new Ast.Literal(value)));
			}
		}
		return combine(conditions, conditionalOperator);
	}

	/** {@code KeyConditions}, {@code QueryFilter}, {@code ScanFilter}: attribute to {ComparisonOperator, AttributeValueList}. */
	static Condition filter(Map<String, Object> conditions, String conditionalOperator, String member) {
		List<Condition> parts = new ArrayList<>();
		for (Map.Entry<String, Object> entry : conditions.entrySet()) {
			parts.add(comparison(new Path(List.of(entry.getKey())), new Request(entry.getValue()), member));
		}
		return combine(parts, conditionalOperator);
	}

	private static Condition combine(List<Condition> conditions, String conditionalOperator) {
		if (conditions.isEmpty()) {
			return null;
		}
		boolean or = "OR".equals(conditionalOperator);
		Condition combined = conditions.get(0);
		for (int i = 1; i < conditions.size(); i++) {
			combined = or ? new Ast.Or(combined, conditions.get(i)) : new Ast.And(combined, conditions.get(i));
		}
		return combined;
	}

	private static Condition comparison(Path path, Request condition, String member) {
		String operator = condition.requiredString("ComparisonOperator");
		List<Object> list = condition.list("AttributeValueList");
		List<Value> values = new ArrayList<>();
		if (list != null) {
			for (Object value : list) {
				values.add(AttributeJson.read(value, member + ".AttributeValueList"));
			}
		}
		Operand attribute = new Ast.PathOperand(path);
		switch (operator) {
			case "EQ", "NE", "LE", "LT", "GE", "GT" -> {
				require(values, 1, operator);
				String op = switch (operator) {
					case "EQ" -> "=";
					case "NE" -> "<>";
					case "LE" -> "<=";
					case "LT" -> "<";
					case "GE" -> ">=";
					default -> ">";
				};
				return new Ast.Comparison(attribute, op, new Ast.Literal(values.get(0)));
			}
			case "NOT_NULL" -> {
				require(values, 0, operator);
				return new Ast.Function("attribute_exists", path, null);
			}
			case "NULL" -> {
				require(values, 0, operator);
				return new Ast.Function("attribute_not_exists", path, null);
			}
			case "CONTAINS" -> {
				require(values, 1, operator);
				return new Ast.Function("contains", path, new Ast.Literal(values.get(0)));
			}
			case "NOT_CONTAINS" -> {
				require(values, 1, operator);
				return new Ast.And(new Ast.Function("attribute_exists", path, null),
						new Ast.Not(new Ast.Function("contains", path, new Ast.Literal(values.get(0)))));
			}
			case "BEGINS_WITH" -> {
				require(values, 1, operator);
				return new Ast.Function("begins_with", path, new Ast.Literal(values.get(0)));
			}
			case "IN" -> {
				if (values.isEmpty()) {
					throw EngineException.validation("One or more parameter values were invalid: Invalid number of argument(s) for the IN ComparisonOperator");
				}
				return new Ast.In(attribute, values.stream().<Operand>map(Ast.Literal::new).toList());
			}
			case "BETWEEN" -> {
				require(values, 2, operator);
				return new Ast.Between(attribute, new Ast.Literal(values.get(0)), new Ast.Literal(values.get(1)));
			}
			default -> throw EngineException.constraint(operator, "comparisonOperator",
					"Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
		}
	}

	private static void require(List<Value> values, int count, String operator) {
		if (values.size() != count) {
			throw EngineException.validation("One or more parameter values were invalid: Invalid number of argument(s) for the "
					+ operator + " ComparisonOperator");
		}
	}

	/** {@code AttributeUpdates}: attribute to {Action: PUT | DELETE | ADD, Value}. */
	static List<Ast.Action> attributeUpdates(Map<String, Object> updates) {
		List<Ast.Action> actions = new ArrayList<>();
		for (Map.Entry<String, Object> entry : updates.entrySet()) {
			Request update = new Request(entry.getValue());
			Path path = new Path(List.of(entry.getKey()));
			String action = update.string("Action") == null ? "PUT" : update.string("Action");
			Value value = update.has("Value") ? AttributeJson.read(update.body().get("Value"), "AttributeUpdates.Value") : null;
			switch (action) {
				case "PUT" -> {
					if (value == null) {
						throw EngineException.validation("One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified");
					}
					actions.add(new Ast.Set(path, new Ast.Literal(value)));
				}
				case "DELETE" -> actions.add(value == null ? new Ast.Remove(path) : new Ast.Delete(path, new Ast.Literal(value)));
				case "ADD" -> {
					if (value == null) {
						throw EngineException.validation("One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified");
					}
					actions.add(new Ast.Add(path, new Ast.Literal(value)));
				}
				default -> throw EngineException.constraint(action, "attributeUpdates." + entry.getKey() + ".member.action",
						"Member must satisfy enum value set: [ADD, PUT, DELETE]");
			}
		}
		return actions;
	}

	/** {@code AttributesToGet}: top-level attribute names as paths. */
	static List<Path> attributesToGet(List<Object> names) {
		List<Path> paths = new ArrayList<>();
		for (Object name : names) {
			paths.add(new Path(List.of((String) name)));
		}
		return paths;
	}
}

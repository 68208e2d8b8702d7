package io.dynamini.embedded.expressions;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.values.Value;

/**
 * A request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}, shared by all of its
 * expressions: resolves them, and after parsing refuses those no expression used, as DynamoDB does.
 */
public final class Placeholders {

	private final Map<String, String> names;

	private final Map<String, Value> values;

	private final Set<String> usedNames = new HashSet<>();

	private final Set<String> usedValues = new HashSet<>();

	public Placeholders(Map<String, String> names, Map<String, Value> values) {
		this.names = names == null ? Map.of() : names;
		this.values = values == null ? Map.of() : values;
	}

	String name(String placeholder) {
		String name = names.get(placeholder);
		if (name == null) {
			throw EngineException.validation(
					"An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
		}
		usedNames.add(placeholder);
		return name;
	}

	Value value(String placeholder) {
		Value value = values.get(placeholder);
		if (value == null) {
			throw EngineException.validation(
					"An expression attribute value used in expression is not defined; attribute value: " + placeholder);
		}
		usedValues.add(placeholder);
		return value;
	}

	/** @throws EngineException if a name or value was given that no expression used */
	public void checkAllUsed() {
		Set<String> unusedNames = new TreeSet<>(names.keySet());
		unusedNames.removeAll(usedNames);
		if (!unusedNames.isEmpty()) {
			throw EngineException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
					+ String.join(", ", unusedNames) + "}");
		}
		Set<String> unusedValues = new TreeSet<>(values.keySet());
		unusedValues.removeAll(usedValues);
		if (!unusedValues.isEmpty()) {
			throw EngineException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
					+ String.join(", ", unusedValues) + "}");
		}
	}

	/** @return whether the request gave any names or values (legacy parameters may not be mixed with them) */
	public boolean isEmpty() {
		return names.isEmpty() && values.isEmpty();
	}
}

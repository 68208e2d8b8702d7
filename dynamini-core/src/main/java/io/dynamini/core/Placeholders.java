package io.dynamini.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one placeholder scheme of every expression dynamini sends, one instance per request: an attribute name
 * becomes {@code #} and the name ({@code _} and every character outside {@code [A-Za-z0-9]} escaped as
 * {@code _<hex>_}), so an attribute has the same placeholder in every expression and every request; a value becomes
 * {@code :v} and its position among the request's values. Conditions, key conditions and filters come out as the
 * SDK's {@link Expression}, each carrying exactly the placeholders it uses; the request carries
 * {@link #names()} and {@link #values()}, the union of all of them.
 */
final class Placeholders {

	private static final Pattern TOKEN = Pattern.compile("[#:][A-Za-z0-9_]+");

	private final Map<String, String> names = new LinkedHashMap<>();

	private final Map<String, AttributeValue> values = new LinkedHashMap<>();

	Placeholders() {
	}

	private Placeholders(Placeholders original) {
		names.putAll(original.names);
		values.putAll(original.values);
	}

	/** A copy to complete independently (a request built several times with different values). */
	Placeholders copy() {
		return new Placeholders(this);
	}

	/** The placeholder of an attribute name (also of a map key inside the state). */
	String name(String attribute) {
		String placeholder = placeholder(attribute);
		names.put(placeholder, attribute);
		return placeholder;
	}

	/** A new placeholder for {@code value}. */
	String value(AttributeValue value) {
		String placeholder = ":v" + values.size();
		values.put(placeholder, value);
		return placeholder;
	}

	/** A condition (or key condition, or filter) written with this instance's placeholders. */
	Expression expression(String text) {
		Map<String, String> usedNames = new HashMap<>();
		Map<String, AttributeValue> usedValues = new HashMap<>();
		Matcher tokens = TOKEN.matcher(text);
		while (tokens.find()) {
			String token = tokens.group();
			if (token.charAt(0) == '#') {
				usedNames.put(token, required(names.get(token), token, text));
			}
			else {
				usedValues.put(token, required(values.get(token), token, text));
			}
		}
		return Expression.builder()
			.expression(text)
			.expressionNames(usedNames.isEmpty() ? null : usedNames)
			.expressionValues(usedValues.isEmpty() ? null : usedValues)
			.build();
	}

	/** Every name placeholder of the request, or {@code null} if it has none (DynamoDB rejects an empty map). */
	@Nullable Map<String, String> names() {
		return names.isEmpty() ? null : Map.copyOf(names);
	}

	/** Every value placeholder of the request, or {@code null} if it has none (DynamoDB rejects an empty map). */
	@Nullable Map<String, AttributeValue> values() {
		return values.isEmpty() ? null : Map.copyOf(values);
	}

	static String placeholder(String attribute) {
		StringBuilder placeholder = new StringBuilder(attribute.length() + 1).append('#');
		for (int i = 0; i < attribute.length(); i++) {
			char c = attribute.charAt(i);
			if (c < 128 && Character.isLetterOrDigit(c)) {
				placeholder.append(c);
			}
			else {
				placeholder.append('_').append(Integer.toHexString(c)).append('_');
			}
		}
		return placeholder.toString();
	}

	private static <V> V required(@Nullable V value, String token, String text) {
		if (value == null) {
			throw new IllegalStateException("Placeholder " + token + " of '" + text + "' was not registered");
		}
		return value;
	}
}

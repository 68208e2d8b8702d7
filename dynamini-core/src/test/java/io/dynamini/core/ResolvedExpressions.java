package io.dynamini.core;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Test support: an expression with its placeholders replaced by what they stand for (names as they are, strings in
 * quotes, numbers and booleans as text), so tests assert what a request means rather than how it spells it.
 */
final class ResolvedExpressions {

	private static final Pattern TOKEN = Pattern.compile("[#:][A-Za-z0-9_]+");

	static String resolve(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
		Matcher tokens = TOKEN.matcher(expression);
		StringBuilder resolved = new StringBuilder();
		while (tokens.find()) {
			String token = tokens.group();
			String replacement;
			if (token.startsWith("#")) {
				replacement = names.get(token);
			}
			else {
				AttributeValue value = values.get(token);
				replacement = value == null ? null
						: value.s() != null ? "'" + value.s() + "'" : value.n() != null ? value.n() : String.valueOf(value.bool());
			}
			if (replacement == null) {
				throw new AssertionError("Placeholder " + token + " of '" + expression + "' has no value in the request");
			}
			tokens.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
		}
		tokens.appendTail(resolved);
		return resolved.toString();
	}

	private ResolvedExpressions() {
	}
}

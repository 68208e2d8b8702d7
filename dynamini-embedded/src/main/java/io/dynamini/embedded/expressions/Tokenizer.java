package io.dynamini.embedded.expressions;

import java.util.ArrayList;
import java.util.List;

import io.dynamini.embedded.protocol.EngineException;

/**
 * Splits any of DynamoDB's expressions into tokens: names, {@code #name} and {@code :value} placeholders, list
 * indexes, and the symbols {@code ( ) [ ] , . = <> < <= > >= + -}.
 */
final class Tokenizer {

	private Tokenizer() {
	}

	static List<Token> tokenize(String expression, String kind) {
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		int n = expression.length();
		while (i < n) {
			char c = expression.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
				continue;
			}
			int start = i;
			if (c == '#' || c == ':') {
				i++;
				while (i < n && isNameChar(expression.charAt(i))) {
					i++;
				}
				if (i == start + 1) {
					throw syntax(kind, expression, String.valueOf(c), start);
				}
				tokens.add(new Token(c == '#' ? Token.Kind.NAME_REF : Token.Kind.VALUE_REF, expression.substring(start, i), start));
			}
			else if (Character.isDigit(c)) {
				while (i < n && Character.isDigit(expression.charAt(i))) {
					i++;
				}
				tokens.add(new Token(Token.Kind.NUMBER, expression.substring(start, i), start));
			}
			else if (Character.isLetter(c) || c == '_') {
				while (i < n && isNameChar(expression.charAt(i))) {
					i++;
				}
				tokens.add(new Token(Token.Kind.NAME, expression.substring(start, i), start));
			}
			else if (c == '<' && i + 1 < n && (expression.charAt(i + 1) == '=' || expression.charAt(i + 1) == '>')) {
				tokens.add(new Token(Token.Kind.SYMBOL, expression.substring(i, i + 2), start));
				i += 2;
			}
			else if (c == '>' && i + 1 < n && expression.charAt(i + 1) == '=') {
				tokens.add(new Token(Token.Kind.SYMBOL, ">=", start));
				i += 2;
			}
			else if ("()[],.=<>+-".indexOf(c) >= 0) {
				tokens.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), start));
				i++;
			}
			else {
				throw syntax(kind, expression, String.valueOf(c), start);
			}
		}
		tokens.add(new Token(Token.Kind.END, "<EOF>", n));
		return tokens;
	}

	private static boolean isNameChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	static EngineException syntax(String kind, String expression, String token, int at) {
		return EngineException.validation("Invalid " + kind + ": Syntax error; token: \"" + token + "\", near: \""
				+ near(expression, at) + "\"");
	}

	private static String near(String expression, int at) {
		int from = Math.max(0, at - 8);
		int to = Math.min(expression.length(), at + 8);
		return expression.substring(from, to);
	}
}

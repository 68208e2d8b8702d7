package io.dynamini.embedded.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of DynamoDB's protocol, read into plain Java values and written from them: objects are
 * {@code Map<String, Object>} (in order), arrays {@code List<Object>}, strings, {@code BigDecimal} numbers,
 * booleans and {@code null}.
 */
public final class Json {

	private final String text;

	private int at;

	private Json(String text) {
		this.text = text;
	}

	/**
	 * @throws IllegalArgumentException if the text is not one JSON value
	 */
	public static Object parse(String text) {
		Json json = new Json(text);
		json.skipSpace();
		Object value = json.value();
		json.skipSpace();
		if (json.at != text.length()) {
			throw json.error("unexpected text after the JSON value");
		}
		return value;
	}

	private Object value() {
		if (at >= text.length()) {
			throw error("unexpected end");
		}
		char c = text.charAt(at);
		switch (c) {
			case '{':
				return object();
			case '[':
				return array();
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				if (c == '-' || (c >= '0' && c <= '9')) {
					return number();
				}
				throw error("unexpected character '" + c + "'");
		}
	}

	private Map<String, Object> object() {
		Map<String, Object> object = new LinkedHashMap<>();
		at++;
		skipSpace();
		if (peek() == '}') {
			at++;
			return object;
		}
		while (true) {
			skipSpace();
			if (peek() != '"') {
				throw error("expected a member name");
			}
			String name = string();
			skipSpace();
			expect(':');
			skipSpace();
			object.put(name, value());
			skipSpace();
			char c = next();
			if (c == '}') {
				return object;
			}
			if (c != ',') {
				throw error("expected ',' or '}'");
			}
		}
	}

	private List<Object> array() {
		List<Object> array = new ArrayList<>();
		at++;
		skipSpace();
		if (peek() == ']') {
			at++;
			return array;
		}
		while (true) {
			skipSpace();
			array.add(value());
			skipSpace();
			char c = next();
			if (c == ']') {
				return array;
			}
			if (c != ',') {
				throw error("expected ',' or ']'");
			}
		}
	}

	private String string() {
		at++;
		StringBuilder builder = null;
		int start = at;
		while (true) {
			if (at >= text.length()) {
				throw error("unterminated string");
			}
			char c = text.charAt(at);
			if (c == '"') {
				String result = builder == null ? text.substring(start, at) : builder.append(text, start, at).toString();
				at++;
				return result;
			}
			if (c == '\\') {
				if (builder == null) {
					builder = new StringBuilder();
				}
				builder.append(text, start, at);
				at++;
				char escaped = next();
				switch (escaped) {
					case '"', '\\', '/' -> builder.append(escaped);
					case 'b' -> builder.append('\b');
					case 'f' -> builder.append('\f');
					case 'n' -> builder.append('\n');
					case 'r' -> builder.append('\r');
					case 't' -> builder.append('\t');
					case 'u' -> {
						if (at + 4 > text.length()) {
							throw error("bad unicode escape");
						}
						builder.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
						at += 4;
					}
					default -> throw error("bad escape \\" + escaped);
				}
				start = at;
				continue;
			}
			at++;
		}
	}

	private BigDecimal number() {
		int start = at;
		while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
			at++;
		}
		try {
			return new BigDecimal(text.substring(start, at));
		}
		catch (NumberFormatException ex) {
			throw error("bad number");
		}
	}

	private Object literal(String word, Object value) {
		if (!text.startsWith(word, at)) {
			throw error("unexpected literal");
		}
		at += word.length();
		return value;
	}

	private void skipSpace() {
		while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
			at++;
		}
	}

	private char peek() {
		if (at >= text.length()) {
			throw error("unexpected end");
		}
		return text.charAt(at);
	}

	private char next() {
		char c = peek();
		at++;
		return c;
	}

	private void expect(char c) {
		if (next() != c) {
			throw error("expected '" + c + "'");
		}
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException("Malformed JSON at character " + at + ": " + what);
	}

	/** @return the JSON text of a value made of maps, lists, strings, numbers, booleans and nulls */
	public static String write(Object value) {
		StringBuilder out = new StringBuilder(256);
		write(value, out);
		return out.toString();
	}

	@SuppressWarnings("unchecked")
	private static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String s) {
			writeString(s, out);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				writeString(entry.getKey(), out);
				out.append(':');
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(list.get(i), out);
			}
			out.append(']');
		}
		else if (value instanceof BigDecimal number) {
			out.append(number.toPlainString());
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			throw new IllegalArgumentException("cannot write " + value.getClass());
		}
	}

	private static void writeString(String s, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}
}

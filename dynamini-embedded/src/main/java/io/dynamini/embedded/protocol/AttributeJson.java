package io.dynamini.embedded.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dynamini.embedded.values.Numbers;
import io.dynamini.embedded.values.Value;

/**
 * DynamoDB JSON ({@code {"S": "text"}}, {@code {"N": "1"}}, ...) to {@link Value}s and back, refusing what DynamoDB
 * refuses: no or several type descriptors, empty sets, duplicate set members, malformed numbers.
 */
public final class AttributeJson {

	private AttributeJson() {
	}

	/**
	 * @param member where the value stands, for messages
	 */
	@SuppressWarnings("unchecked")
	public static Value read(Object json, String member) {
		if (!(json instanceof Map<?, ?> map)) {
			throw EngineException.serialization("Unexpected value type in payload at " + member);
		}
		if (map.size() != 1) {
			throw EngineException.validation("Supplied AttributeValue has more than one datatypes set, must contain "
					+ "exactly one of the supported datatypes");
		}
		Map.Entry<String, Object> entry = ((Map<String, Object>) map).entrySet().iterator().next();
		Object content = entry.getValue();
		try {
			switch (entry.getKey()) {
				case "S":
					return Value.s(text(content, member));
				case "N":
					return Value.n(text(content, member));
				case "B":
					return Value.b(bytes(content, member));
				case "BOOL":
					if (!(content instanceof Boolean b)) {
						throw EngineException.serialization("BOOL must be a boolean at " + member);
					}
					return Value.bool(b);
				case "NULL":
					if (!Boolean.TRUE.equals(content)) {
						throw EngineException.validation("One or more parameter values were invalid: Null attribute value types must have the value of true");
					}
					return Value.NULL;
				case "SS": {
					Set<String> set = new LinkedHashSet<>();
					for (Object element : list(content, member)) {
						if (!set.add(text(element, member))) {
							throw duplicates(member);
						}
					}
					nonEmpty(set.isEmpty(), "string");
					return Value.ss(set);
				}
				case "NS": {
					Set<BigDecimal> set = new LinkedHashSet<>();
					for (Object element : list(content, member)) {
						BigDecimal number = Numbers.parse(text(element, member));
						if (set.stream().anyMatch(known -> known.compareTo(number) == 0)) {
							throw duplicates(member);
						}
						set.add(number);
					}
					nonEmpty(set.isEmpty(), "number");
					return Value.ns(set);
				}
				case "BS": {
					List<byte[]> set = new ArrayList<>();
					for (Object element : list(content, member)) {
						byte[] bytes = bytes(element, member);
						if (set.stream().anyMatch(known -> java.util.Arrays.equals(known, bytes))) {
							throw duplicates(member);
						}
						set.add(bytes);
					}
					nonEmpty(set.isEmpty(), "binary");
					return Value.bs(set);
				}
				case "M": {
					if (!(content instanceof Map<?, ?> members)) {
						throw EngineException.serialization("M must be an object at " + member);
					}
					Map<String, Value> map2 = new LinkedHashMap<>();
					for (Map.Entry<String, Object> attribute : ((Map<String, Object>) members).entrySet()) {
						map2.put(attribute.getKey(), read(attribute.getValue(), member + "." + attribute.getKey()));
					}
					return Value.m(map2);
				}
				case "L": {
					List<Value> values = new ArrayList<>();
					int i = 0;
					for (Object element : list(content, member)) {
						values.add(read(element, member + "[" + i++ + "]"));
					}
					return Value.l(values);
				}
				default:
					throw EngineException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
			}
		}
		catch (IllegalArgumentException ex) {
			throw EngineException.validation(ex.getMessage());
		}
	}

	private static void nonEmpty(boolean empty, String kind) {
		if (empty) {
			// DynamoDB's wording, its double space included
			throw EngineException.validation("One or more parameter values were invalid: An " + kind + " set  may not be empty");
		}
	}

	private static EngineException duplicates(String member) {
		return EngineException.validation("One or more parameter values were invalid: Input collection contains duplicates");
	}

	private static String text(Object content, String member) {
		if (!(content instanceof String s)) {
			throw EngineException.serialization("Unexpected value type in payload at " + member);
		}
		return s;
	}

	private static byte[] bytes(Object content, String member) {
		try {
			return Base64.getDecoder().decode(text(content, member));
		}
		catch (IllegalArgumentException ex) {
			throw EngineException.serialization("Base64 encoded binary value is malformed at " + member);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object content, String member) {
		if (!(content instanceof List<?> list)) {
			throw EngineException.serialization("Unexpected value type in payload at " + member);
		}
		return (List<Object>) list;
	}

	/** @return an item from a JSON object of attribute values */
	@SuppressWarnings("unchecked")
	public static Map<String, Value> readItem(Object json, String member) {
		if (json == null) {
			return null;
		}
		if (!(json instanceof Map<?, ?> map)) {
			throw EngineException.serialization("Unexpected value type in payload at " + member);
		}
		Map<String, Value> item = new LinkedHashMap<>();
		for (Map.Entry<String, Object> attribute : ((Map<String, Object>) map).entrySet()) {
			item.put(attribute.getKey(), read(attribute.getValue(), member));
		}
		return item;
	}

	public static Object write(Value value) {
		Object content = switch (value.type()) {
			case S -> value.s();
			case N -> Numbers.format(value.n());
			case B -> Base64.getEncoder().encodeToString(value.bytesUnsafe());
			case BOOL -> value.bool();
			case NULL -> Boolean.TRUE;
			case SS -> new ArrayList<>(value.ss());
			case NS -> value.ns().stream().map(Numbers::format).toList();
			case BS -> value.bs().stream().map(bytes -> Base64.getEncoder().encodeToString(bytes)).toList();
			case M -> writeItem(value.m());
			case L -> value.l().stream().map(AttributeJson::write).toList();
		};
		Map<String, Object> json = new LinkedHashMap<>(2);
		json.put(value.type().name(), content);
		return json;
	}

	public static Map<String, Object> writeItem(Map<String, Value> item) {
		Map<String, Object> json = new LinkedHashMap<>();
		item.forEach((name, value) -> json.put(name, write(value)));
		return json;
	}
}

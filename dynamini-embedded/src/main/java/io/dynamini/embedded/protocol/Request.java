package io.dynamini.embedded.protocol;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.values.Value;

/**
 * A request body read as JSON, with typed access to its members that answers a wrong type as DynamoDB does (a
 * {@code SerializationException}).
 */
public final class Request {

	private final Map<String, Object> body;

	@SuppressWarnings("unchecked")
	public Request(Object body) {
		if (!(body instanceof Map<?, ?> map)) {
			throw EngineException.serialization("The request body must be a JSON object");
		}
		this.body = (Map<String, Object>) map;
	}

	public Map<String, Object> body() {
		return body;
	}

	public boolean has(String member) {
		return body.get(member) != null;
	}

	public String string(String member) {
		Object value = body.get(member);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String s)) {
			throw EngineException.serialization("Unexpected value type in payload for " + member);
		}
		return s;
	}

	public String requiredString(String member) {
		String value = string(member);
		if (value == null) {
			throw EngineException.constraint(null, lowerFirst(member), "Member must not be null");
		}
		return value;
	}

	public Integer integer(String member) {
		Object value = body.get(member);
		if (value == null) {
			return null;
		}
		if (!(value instanceof BigDecimal number)) {
			throw EngineException.serialization("Unexpected value type in payload for " + member);
		}
		return number.intValueExact();
	}

	public Long longValue(String member) {
		Object value = body.get(member);
		if (value == null) {
			return null;
		}
		if (!(value instanceof BigDecimal number)) {
			throw EngineException.serialization("Unexpected value type in payload for " + member);
		}
		return number.longValueExact();
	}

	public boolean bool(String member, boolean fallback) {
		Object value = body.get(member);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Boolean b)) {
			throw EngineException.serialization("Unexpected value type in payload for " + member);
		}
		return b;
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> map(String member) {
		Object value = body.get(member);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw EngineException.serialization("Unexpected value type in payload for " + member);
		}
		return (Map<String, Object>) map;
	}

	public Request nested(String member) {
		Map<String, Object> map = map(member);
		return map == null ? null : new Request(map);
	}

	@SuppressWarnings("unchecked")
	public List<Object> list(String member) {
		Object value = body.get(member);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list)) {
			throw EngineException.serialization("Unexpected value type in payload for " + member);
		}
		return (List<Object>) list;
	}

	/** @return an item (or key) of attribute values, or {@code null} */
	public Map<String, Value> item(String member) {
		return AttributeJson.readItem(body.get(member), member);
	}

	@SuppressWarnings("unchecked")
	public Map<String, String> names() {
		Map<String, Object> names = map("ExpressionAttributeNames");
		if (names == null) {
			return null;
		}
		Map<String, String> result = new LinkedHashMap<>();
		names.forEach((placeholder, name) -> {
			if (!(name instanceof String s)) {
				throw EngineException.serialization("Unexpected value type in payload for ExpressionAttributeNames");
			}
			result.put(placeholder, s);
		});
		return result;
	}

	public Map<String, Value> values() {
		return item("ExpressionAttributeValues");
	}

	private static String lowerFirst(String member) {
		return Character.toLowerCase(member.charAt(0)) + member.substring(1);
	}
}

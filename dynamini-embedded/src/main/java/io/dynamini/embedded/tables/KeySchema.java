package io.dynamini.embedded.tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.values.Value;

/**
 * A table's or index's key: the partition key attribute and, optionally, the sort key attribute, with their types.
 */
public record KeySchema(String hash, Value.Type hashType, String range, Value.Type rangeType) {

	public boolean hasRange() {
		return range != null;
	}

	/** @return the attributes of the key, in order */
	public List<String> names() {
		return range == null ? List.of(hash) : List.of(hash, range);
	}

	/**
	 * @return the key's values of {@code item}, or {@code null} if it lacks one (an index skips such items)
	 * @throws EngineException if a key attribute has the wrong type (for a table's own key)
	 */
	public ItemKey keyOf(Map<String, Value> item) {
		Value h = item.get(hash);
		Value r = range == null ? null : item.get(range);
		if (h == null || (range != null && r == null)) {
			return null;
		}
		if (h.type() != hashType || (r != null && r.type() != rangeType)) {
			return null;
		}
		return new ItemKey(h, r);
	}

	/**
	 * Checks that {@code key} holds exactly this schema's attributes with their types (GetItem, DeleteItem, ...).
	 */
	public ItemKey requireKey(Map<String, Value> key) {
		if (key == null || key.size() != names().size() || !key.keySet().containsAll(names())) {
			throw EngineException.validation("The provided key element does not match the schema");
		}
		ItemKey itemKey = keyOf(key);
		if (itemKey == null) {
			throw EngineException.validation("The provided key element does not match the schema");
		}
		checkKeyValue(itemKey.hash());
		if (itemKey.range() != null) {
			checkKeyValue(itemKey.range());
		}
		return itemKey;
	}

	/** Checks a stored item's key (PutItem): present, of the right types, not empty, within size limits. */
	public ItemKey requireItemKey(Map<String, Value> item) {
		for (String name : names()) {
			Value value = item.get(name);
			if (value == null) {
				throw EngineException.validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
			}
			Value.Type expected = name.equals(hash) ? hashType : rangeType;
			if (value.type() != expected) {
				throw EngineException.validation("One or more parameter values were invalid: Type mismatch for key " + name
						+ " expected: " + expected + " actual: " + value.type());
			}
			checkKeyValue(value);
		}
		return keyOf(item);
	}

	private static void checkKeyValue(Value value) {
		if ((value.type() == Value.Type.S || value.type() == Value.Type.B) && value.size() == 0) {
			throw EngineException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
					+ (value.type() == Value.Type.S ? "string" : "binary") + " value.");
		}
	}

	/** @return the key attributes of {@code item} as a map */
	public Map<String, Value> extract(Map<String, Value> item) {
		Map<String, Value> key = new LinkedHashMap<>();
		for (String name : names()) {
			key.put(name, item.get(name));
		}
		return key;
	}

	/** @return the schema as DynamoDB describes it */
	public List<Map<String, Object>> describe() {
		return range == null ? List.of(Map.of("AttributeName", hash, "KeyType", "HASH"))
				: List.of(Map.of("AttributeName", hash, "KeyType", "HASH"), Map.of("AttributeName", range, "KeyType", "RANGE"));
	}
}

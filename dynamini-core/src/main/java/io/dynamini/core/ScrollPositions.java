package io.dynamini.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a query page ended, as an opaque token: the keys of the last item read (table and index keys), which the
 * next page continues after. A {@code Window}'s {@code KeysetScrollPosition} and a resumable {@code Slice}'s pageable
 * hold one entry, {@value #KEY}, so the table's schema never reaches the API; a token is checked, when it comes
 * back, to belong to the query's own index partition.
 */
final class ScrollPositions {

	/** The one key of a position map. */
	static final String KEY = "position";

	private ScrollPositions() {
	}

	/**
	 * @return the position after {@code item}, an item read from an index whose keys are {@code indexKeys}
	 */
	static Map<String, Object> after(Map<String, AttributeValue> item, List<String> indexKeys) {
		Map<String, String> keys = new LinkedHashMap<>();
		keys.put(TableLayout.PARTITION_KEY, item.get(TableLayout.PARTITION_KEY).s());
		keys.put(TableLayout.SORT_KEY, item.get(TableLayout.SORT_KEY).s());
		for (String key : indexKeys) {
			keys.put(key, item.get(key).s());
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(keys.size());
			for (Map.Entry<String, String> key : keys.entrySet()) {
				out.writeUTF(key.getKey());
				out.writeUTF(key.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Map.of(KEY, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray()));
	}

	/**
	 * Turns a position back into an exclusive start key, refusing one that is malformed or does not belong to this
	 * query's index partition: a client-supplied position can never lead outside the tenant and type.
	 *
	 * @param indexKeys the query's index key attributes, partition key first
	 * @param partitionValue the query's index partition key value
	 */
	static Map<String, AttributeValue> startKey(Map<String, Object> position, List<String> indexKeys,
			String partitionValue) {
		if (position.size() != 1 || !(position.get(KEY) instanceof String token)) {
			throw new InvalidDataAccessApiUsageException(
					"Invalid scroll position: expected a position of this query, holding only '" + KEY + "'");
		}
		Map<String, String> keys = decode(token);
		List<String> expected = new ArrayList<>(List.of(TableLayout.PARTITION_KEY, TableLayout.SORT_KEY));
		expected.addAll(indexKeys);
		if (!keys.keySet().equals(new HashSet<>(expected))) {
			throw new InvalidDataAccessApiUsageException("Invalid scroll position: it belongs to another query");
		}
		if (!partitionValue.equals(keys.get(indexKeys.get(0)))) {
			throw new InvalidDataAccessApiUsageException("Invalid scroll position: it belongs to another query");
		}
		Map<String, AttributeValue> key = new HashMap<>();
		keys.forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
		return key;
	}

	private static Map<String, String> decode(String token) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(token)))) {
			int count = in.readInt();
			if (count < 2 || count > 4) {
				throw new IOException("unexpected number of keys " + count);
			}
			Map<String, String> keys = new LinkedHashMap<>();
			for (int i = 0; i < count; i++) {
				keys.put(in.readUTF(), in.readUTF());
			}
			if (in.read() != -1) {
				throw new IOException("trailing bytes");
			}
			return keys;
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new InvalidDataAccessApiUsageException("Invalid scroll position: it is not a position dynamini made", ex);
		}
	}
}

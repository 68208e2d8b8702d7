package io.dynamini.core.query;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A page of query results read from DynamoDB.
 *
 * @param content the entities
 * @param positions for each entity, the opaque position to continue after it (what a {@code KeysetScrollPosition} holds)
 * @param hasNext whether more results follow the last one
 * @param <T> the entity type
 */
public record QueryPage<T>(List<T> content, List<Map<String, Object>> positions, boolean hasNext) {

	public QueryPage {
		content = List.copyOf(content);
		// positions are usually built on demand (only the last one is needed for a Slice), so they are not copied
		positions = java.util.Collections.unmodifiableList(positions);
	}

	/**
	 * @return the keys to continue after the last entity, or {@code null} if there is none
	 */
	public @Nullable Map<String, Object> lastPosition() {
		return positions.isEmpty() ? null : positions.get(positions.size() - 1);
	}
}

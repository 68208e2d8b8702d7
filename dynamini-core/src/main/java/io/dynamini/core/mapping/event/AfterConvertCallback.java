package io.dynamini.core.mapping.event;

import java.util.Map;

import org.springframework.data.mapping.callback.EntityCallback;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Called after an entity was read from a stored state: by id, by a query or listing, or as a revision of its history.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface AfterConvertCallback<T> extends EntityCallback<T> {

	/**
	 * @param entity the entity read
	 * @param state the stored state it was read from
	 * @param tableName the table it was read from
	 * @return the entity the read returns
	 */
	T onAfterConvert(T entity, Map<String, AttributeValue> state, String tableName);
}

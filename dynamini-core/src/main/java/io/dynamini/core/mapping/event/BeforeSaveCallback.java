package io.dynamini.core.mapping.event;

import java.util.Map;

import org.springframework.data.mapping.callback.EntityCallback;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Called after an entity was converted and before its revision is written (or, within a transaction, buffered): sees
 * the stored state about to be written and may change it. Changes to the entity no longer reach the item.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface BeforeSaveCallback<T> extends EntityCallback<T> {

	/**
	 * @param entity the entity being saved
	 * @param state the state about to be written (mutable; the revision stores what it holds after the callbacks)
	 * @param tableName the table it is written to
	 * @return the entity the save returns
	 */
	T onBeforeSave(T entity, Map<String, AttributeValue> state, String tableName);
}

package io.dynamini.core.mapping.event;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Called before an entity is converted to the item that a save, insert or update writes: the place to change the
 * entity itself (auditing fills its {@code @CreatedDate}, {@code @LastModifiedBy}, ... here).
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface BeforeConvertCallback<T> extends EntityCallback<T> {

	/**
	 * @param entity the entity about to be converted
	 * @param tableName the table it is written to
	 * @return the entity to convert: the same instance, a changed one, or a new one (records)
	 */
	T onBeforeConvert(T entity, String tableName);
}

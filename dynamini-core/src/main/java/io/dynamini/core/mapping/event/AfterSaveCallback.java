package io.dynamini.core.mapping.event;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Called after a save, insert or update wrote its revision (within a transaction: after it was buffered), with the
 * entity at its new version.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface AfterSaveCallback<T> extends EntityCallback<T> {

	/**
	 * @param entity the saved entity, at its new version
	 * @param tableName the table it was written to
	 * @return the entity the save returns
	 */
	T onAfterSave(T entity, String tableName);
}

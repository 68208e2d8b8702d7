package io.dynamini.core;

import java.util.Map;

import io.dynamini.core.mapping.event.AfterConvertCallback;
import io.dynamini.core.mapping.event.AfterSaveCallback;
import io.dynamini.core.mapping.event.BeforeConvertCallback;
import io.dynamini.core.mapping.event.BeforeSaveCallback;

import org.jspecify.annotations.Nullable;
import org.springframework.data.mapping.callback.EntityCallbacks;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Invokes the application's entity callbacks on the write and read paths, with the table's name; does nothing
 * until {@link EntityCallbacks} are set (the template sets them from its application context).
 */
final class LifecycleCallbacks {

	private final String tableName;

	private volatile @Nullable EntityCallbacks callbacks;

	LifecycleCallbacks(String tableName) {
		this.tableName = tableName;
	}

	void setEntityCallbacks(@Nullable EntityCallbacks callbacks) {
		this.callbacks = callbacks;
	}

	<T> T beforeConvert(T entity) {
		EntityCallbacks current = callbacks;
		return current == null ? entity : current.callback(BeforeConvertCallback.class, entity, tableName);
	}

	<T> T beforeSave(T entity, Map<String, AttributeValue> state) {
		EntityCallbacks current = callbacks;
		return current == null ? entity : current.callback(BeforeSaveCallback.class, entity, state, tableName);
	}

	<T> T afterSave(T entity) {
		EntityCallbacks current = callbacks;
		return current == null || entity == null ? entity : current.callback(AfterSaveCallback.class, entity, tableName);
	}

	<T> T afterConvert(T entity, Map<String, AttributeValue> state) {
		EntityCallbacks current = callbacks;
		return current == null ? entity : current.callback(AfterConvertCallback.class, entity, state, tableName);
	}
}

package io.dynamini.embedded.storage;

import java.util.Map;

import io.dynamini.embedded.tables.ItemKey;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;

/**
 * Where the engine keeps its data beyond memory: nowhere ({@link #NONE}), or a folder ({@link FolderStorage}). The
 * tables in memory are the truth while the engine runs; storage makes every acknowledged write survive a restart.
 */
public interface Storage extends AutoCloseable {

	Storage NONE = new Storage() {
	};

	/** Records a table's definition (created or changed). */
	default void saveTable(Table table) {
	}

	default void dropTable(String name) {
	}

	/** Records an item written ({@code null}: deleted); durable once {@link #commit} returns. */
	default void write(Table table, ItemKey key, Map<String, Value> item) {
	}

	/** Makes the writes of one request durable, before the engine answers. */
	default void commit() {
	}

	@Override
	default void close() {
	}
}

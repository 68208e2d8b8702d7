package io.dynamini.sample;

import java.util.Map;

import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A named JSON object in a collection.
 */
@VersionedEntity("entry")
public record Entry(@Id @Nullable String id, @Version @Nullable Long version, String user, @Indexed String collection,
		String name, Map<String, Object> value) {

	Entry with(String newName, Map<String, Object> newValue) {
		return new Entry(id, version, user, collection, newName, newValue);
	}
}

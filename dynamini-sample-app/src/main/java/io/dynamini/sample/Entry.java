package io.dynamini.sample;

import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A named JSON value in a collection: as in DynamoDB-mini, a name, a value (a JSON object or array) or both.
 */
@VersionedEntity("entry")
public record Entry(@Id @Nullable String id, @Version @Nullable Long version, String user, @Indexed String collection,
		@Nullable String name, @Nullable Object value) {

	Entry with(@Nullable String newName, @Nullable Object newValue) {
		return new Entry(id, version, user, collection, newName, newValue);
	}
}

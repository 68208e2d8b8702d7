package io.dynamini.sample;

import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A user's named collection of entries; the application is the tenant.
 */
@VersionedEntity("collection")
public record Collection(@Id @Nullable String id, @Version @Nullable Long version, @Indexed String user,
		String name) {

	Collection withName(String newName) {
		return new Collection(id, version, user, newName);
	}
}

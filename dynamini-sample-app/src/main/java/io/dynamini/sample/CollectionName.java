package io.dynamini.sample;

import io.dynamini.annotation.VersionedEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A user's claim on a collection name: which collection holds it. Written in the same transaction as the collection
 * it names, so two concurrent identical {@code POST …/collection} requests create one collection: the second
 * transaction finds the first's claim (its put requires that none exists) and answers the collection that holds it.
 * A claim whose collection was deleted or renamed is free again.
 *
 * @param id the user and the name, length-prefixed so that no two pairs share an id
 * @param collection the id of the collection that holds the name
 */
@VersionedEntity("collection-name")
public record CollectionName(@Id String id, @Version @Nullable Long version, String user, String name,
		String collection) {

	static String idOf(String user, String name) {
		return user.length() + ":" + user + name;
	}

	CollectionName heldBy(String collectionId) {
		return new CollectionName(id, version, user, name, collectionId);
	}
}

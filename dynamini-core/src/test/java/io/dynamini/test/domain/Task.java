package io.dynamini.test.domain;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An immutable entity (a record) with a custom type name.
 */
@VersionedEntity("task")
public record Task(@Id String id, @Version Long version, String title, boolean done) {

	public static Task of(String id, String title) {
		return new Task(id, null, title, false);
	}

	public Task withTitle(String title) {
		return new Task(id, version, title, done);
	}
}

package io.dynamini.test.autoconfigure.app;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

@VersionedEntity
public record Memo(@Id String id, @Version Long version, String text) {

	public Memo withText(String text) {
		return new Memo(id, version, text);
	}
}

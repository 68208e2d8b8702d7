package com.example.notes;

import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

@VersionedEntity
public record Note(@Id String id, @Version Long version, @Indexed String owner, String text) {

	public Note withText(String text) {
		return new Note(id, version, owner, text);
	}
}

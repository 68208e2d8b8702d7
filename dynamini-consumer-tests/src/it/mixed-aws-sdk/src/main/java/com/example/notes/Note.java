package com.example.notes;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

@VersionedEntity
public record Note(@Id String id, @Version Long version, String text) {

	public Note withText(String text) {
		return new Note(id, version, text);
	}
}

package io.dynamini.test.domain;

import java.time.Instant;

import io.dynamini.annotation.ExpiresAt;
import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity that expires ({@code @ExpiresAt}) and keeps its newest 3 revisions ({@code keepRevisions}).
 */
@VersionedEntity(keepRevisions = 3)
public record Ticket(@Id String id, @Version Long version, String text, @ExpiresAt Instant expiresAt) {

	public Ticket with(String text, Instant expiresAt) {
		return new Ticket(id, version, text, expiresAt);
	}
}

package io.dynamini.test.domain;

import java.time.Instant;

import io.dynamini.annotation.ExpiresAt;
import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity that expires ({@code @ExpiresAt}) and keeps its revisions for an hour after they were superseded
 * ({@code retainHistory}).
 */
@VersionedEntity(retainHistory = "PT1H")
public record Pass(@Id String id, @Version Long version, String text, @ExpiresAt Instant expiresAt) {

	public Pass with(String text, Instant expiresAt) {
		return new Pass(id, version, text, expiresAt);
	}
}

package io.dynamini.test.domain;

import java.time.Instant;

import io.dynamini.annotation.ExpiresAt;
import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity that expires at {@code expiresAt} (none if {@code null}).
 */
@VersionedEntity
public record Session(@Id String id, @Version Long version, @Indexed String user, @ExpiresAt Instant expiresAt) {

	public Session expiringAt(Instant instant) {
		return new Session(id, version, user, instant);
	}
}

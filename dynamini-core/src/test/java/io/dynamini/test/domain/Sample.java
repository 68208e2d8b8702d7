package io.dynamini.test.domain;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity declaring no history retention: it takes the template's default.
 */
@VersionedEntity
public record Sample(@Id String id, @Version Long version, int value) {

	public Sample withValue(int value) {
		return new Sample(id, version, value);
	}
}

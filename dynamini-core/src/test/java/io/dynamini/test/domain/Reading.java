package io.dynamini.test.domain;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity keeping its revisions for an hour after they were superseded ({@code retainHistory}), and its newest 2
 * whatever their age.
 */
@VersionedEntity(retainHistory = "PT1H", keepRevisions = 2)
public record Reading(@Id String id, @Version Long version, int value) {

	public Reading withValue(int value) {
		return new Reading(id, version, value);
	}
}

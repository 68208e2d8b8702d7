package io.dynamini.test.domain;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity keeping its newest 3 revisions ({@code keepRevisions}).
 */
@VersionedEntity(keepRevisions = 3)
public record Draft(@Id String id, @Version Long version, String text) {

	public Draft withText(String text) {
		return new Draft(id, version, text);
	}
}

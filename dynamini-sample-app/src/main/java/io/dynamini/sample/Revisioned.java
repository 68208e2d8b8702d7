package io.dynamini.sample;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;

/**
 * An item at one of its revisions: what the store answers.
 *
 * @param item the item's state
 * @param version its revision number (the {@code ETag})
 * @param deletedAt when it was deleted, if this revision is its deletion
 */
public record Revisioned<T>(T item, long version, @Nullable Instant deletedAt) {

	static <T> Revisioned<T> of(Revision<Long, T> revision) {
		boolean deleted = revision.getMetadata().getRevisionType() == RevisionType.DELETE;
		return new Revisioned<>(revision.getEntity(), revision.getRequiredRevisionNumber(),
				deleted ? revision.getRequiredRevisionInstant() : null);
	}

	static <T> Revisioned<T> live(T item, @Nullable Long version) {
		return new Revisioned<>(item, version == null ? 0 : version, null);
	}

	boolean deleted() {
		return deletedAt != null;
	}
}

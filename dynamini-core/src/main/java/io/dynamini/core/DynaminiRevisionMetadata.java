package io.dynamini.core;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.history.RevisionMetadata;
import org.springframework.util.Assert;

/**
 * What dynamini knows of a revision: its number (equal to the entity's {@code @Version} at that revision), the
 * instant it was written (taken from its ULID) and whether it created, changed or deleted the entity.
 *
 * @param revisionNumber the revision number, from 1
 * @param revisionInstant when the revision was written
 * @param revisionType INSERT, UPDATE or DELETE
 */
public record DynaminiRevisionMetadata(long revisionNumber, Instant revisionInstant, RevisionType revisionType)
		implements RevisionMetadata<Long> {

	public DynaminiRevisionMetadata {
		Assert.isTrue(revisionNumber > 0, "revisionNumber must be positive");
		Assert.notNull(revisionInstant, "revisionInstant must not be null");
		Assert.notNull(revisionType, "revisionType must not be null");
	}

	@Override
	public Optional<Long> getRevisionNumber() {
		return Optional.of(revisionNumber);
	}

	@Override
	public Optional<Instant> getRevisionInstant() {
		return Optional.of(revisionInstant);
	}

	@Override
	public RevisionType getRevisionType() {
		return revisionType;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getDelegate() {
		return (T) this;
	}
}

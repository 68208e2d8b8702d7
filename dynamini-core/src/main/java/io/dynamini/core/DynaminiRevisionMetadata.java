package io.dynamini.core;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata;
import org.springframework.util.Assert;

/**
 * What dynamini knows of a revision: its number (equal to the entity's {@code @Version} at that revision), the
 * instant it was written (taken from its ULID), whether it created, changed or deleted the entity, and who wrote it
 * (with auditing).
 *
 * @param revisionNumber the revision number, from 1
 * @param revisionInstant when the revision was written
 * @param revisionType INSERT, UPDATE or DELETE
 * @param author who wrote it, or {@code null}
 */
public record DynaminiRevisionMetadata(long revisionNumber, Instant revisionInstant, RevisionType revisionType,
		@Nullable String author) implements RevisionMetadata<Long> {

	public DynaminiRevisionMetadata {
		Assert.isTrue(revisionNumber > 0, "revisionNumber must be positive");
		Assert.notNull(revisionInstant, "revisionInstant must not be null");
		Assert.notNull(revisionType, "revisionType must not be null");
	}

	/** A revision without an author (no {@code AuditorAware} when it was written). */
	public DynaminiRevisionMetadata(long revisionNumber, Instant revisionInstant, RevisionType revisionType) {
		this(revisionNumber, revisionInstant, revisionType, null);
	}

	/**
	 * @return who wrote the revision: the {@code AuditorAware}'s current auditor when it was written, as text (a
	 * {@code String} as it is, anything else by its {@code toString()}); empty without auditing
	 */
	public Optional<String> getAuthor() {
		return Optional.ofNullable(author);
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

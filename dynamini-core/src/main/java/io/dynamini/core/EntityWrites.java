package io.dynamini.core;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.WriteRequests.Expect;
import io.dynamini.core.WriteRequests.LatestWrite;
import io.dynamini.core.RevisionWriter.Step;
import io.dynamini.core.RevisionWriter.WriteOutcome.Rejected;
import io.dynamini.core.RevisionWriter.WritePlan;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiPersistentEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The template's write operations - save, insert, update, delete, restore - each stated as what it writes next given
 * what its previous attempt found ({@link RevisionWriter.Attempts}); {@link RevisionWriter} sends, retries and
 * recognises its own writes.
 */
final class EntityWrites {

	/** Rounds a single write may take when it must adapt (a clock behind its predecessor, a transaction conflict). */
	private static final int MAX_WRITE_ROUNDS = 10;

	private final EntityOperations entities;

	private final RevisionWriter writer;

	private final WriteRequests requests;

	private final EntityReader reader;

	private final DynaminiEntityConverter converter;

	private final Clock clock;

	private final int maxUpdateAttempts;

	private final LifecycleCallbacks callbacks;

	EntityWrites(EntityOperations entities, RevisionWriter writer, WriteRequests requests, EntityReader reader,
			DynaminiEntityConverter converter, Clock clock, int maxUpdateAttempts, LifecycleCallbacks callbacks) {
		this.callbacks = callbacks;
		this.entities = entities;
		this.writer = writer;
		this.requests = requests;
		this.reader = reader;
		this.converter = converter;
		this.clock = clock;
		this.maxUpdateAttempts = maxUpdateAttempts;
	}

	<T> T save(T entity) {
		Assert.notNull(entity, "entity must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(entity.getClass());
		T converted = callbacks.beforeConvert(entity);
		if (entities.isNew(persistentEntity, converted)) {
			return callbacks.afterSave(create(converted, persistentEntity, false));
		}
		return callbacks.afterSave(saveRevision(converted, persistentEntity, entities.versionOf(persistentEntity, converted)));
	}

	<T> T insert(T entity) {
		Assert.notNull(entity, "entity must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(entity.getClass());
		return callbacks.afterSave(create(callbacks.beforeConvert(entity), persistentEntity, true));
	}

	private <T> T create(T entity, DynaminiPersistentEntity<?> persistentEntity, boolean insertOnly) {
		T assigned = entities.withIdAssigned(entity, persistentEntity);
		EntityTarget target = entities.target(persistentEntity, entities.idOf(persistentEntity, assigned));
		Map<String, AttributeValue> state = converter.write(assigned);
		T withId = callbacks.beforeSave(assigned, state);
		Long expiresAt = entities.expiresAtOf(persistentEntity, withId);
		return writer.write(target, "save", MAX_WRITE_ROUNDS, () -> gaveUp(target, "save"), previous -> {
			LatestItem current = previous instanceof Rejected rejected ? rejected.current() : null;
			if (current == null && previous == null && target.expiring() && reader.inTransaction()) {
				// an @ExpiresAt type reads before it writes anyway (below); in a transaction it reads the latest item
				// (once per transaction) so that the number it returns is the one the commit writes
				current = reader.latest(target);
			}
			if (current == null) {
				// first attempt, or contended: a brand-new entity. Of an @ExpiresAt type, its history starts after any
				// revision an expired predecessor left behind (whatever the predecessor's writers' clocks said), so
				// that the generation start separates the two histories
				Ulid ulid = nextUlid(target.expiring() ? reader.newestRevision(target) : null);
				return Step.write(new WritePlan(1, ulid, RevisionType.INSERT, state,
						requests.newLatest(target, ulid, state, expiresAt)),
						written -> entities.withVersion(withId, persistentEntity, written));
			}
			if (current.purging()) {
				throw new OptimisticLockingFailureException(
						"Cannot save new %s: it is being purged".formatted(target.describe()));
			}
			// the new revision's instant decides, as the write's condition does
			Ulid ulid = nextUlid(current.head());
			boolean expired = !current.erased() && current.expired(ulid.getTime());
			if (current.live() && !expired) {
				if (insertOnly) {
					throw new DuplicateKeyException("Cannot insert %s: a live entity with that id exists at version %d"
						.formatted(target.describe(), current.version()));
				}
				throw new OptimisticLockingFailureException(
						"Cannot save new %s: a live entity with that id exists at version %d"
							.formatted(target.describe(), current.version()));
			}
			// deleted: continue its history; erased or expired: start a new one after its numbers
			long revision = current.version() + 1;
			Expect expect = current.erased() ? Expect.ERASED : expired ? Expect.EXPIRED : Expect.DELETED;
			LatestWrite latest = requests.update(target, current.version(), expect, revision, ulid, RevisionType.INSERT)
				.pending(current.erased() ? List.of() : current.pending())
				.expiring(expiresAt)
				.state(state)
				.listed(ulid)
				.indexed(state, ulid);
			return Step.adapted(new WritePlan(revision, ulid, RevisionType.INSERT, state, latest),
					written -> entities.withVersion(withId, persistentEntity, written));
		});
	}

	private <T> T saveRevision(T entity, DynaminiPersistentEntity<?> persistentEntity, long version) {
		Object id = entities.idOf(persistentEntity, entity);
		if (id == null) {
			throw new InvalidDataAccessApiUsageException("Cannot save %s at version %d: its id is null"
				.formatted(persistentEntity.getRequiredTypeName(), version));
		}
		EntityTarget target = entities.target(persistentEntity, id);
		Map<String, AttributeValue> state = converter.write(entity);
		T toSave = callbacks.beforeSave(entity, state);
		// the newest revision this template wrote of the entity, if any: spares a round when saving within its millisecond
		RevisionWriter.Head[] known = { writer.recentHead(target) };
		return writer.write(target, "save", MAX_WRITE_ROUNDS, () -> gaveUp(target, "save"), previous -> {
			boolean adapted = false;
			if (previous instanceof Rejected rejected) {
				LatestItem current = rejected.current();
				// visible at the instant the next revision would have (after the newest one's, whatever this clock
				// says): an entity that expired by then is refused at once, never retried as contention
				if (current == null || current.version() != version
						|| !current.visible(nextUlid(current.head()).getTime())) {
					throw staleVersion(target, "save", version, current);
				}
				// our clock is not past the newest revision's millisecond: order the new revision after it
				// (or history retention's pending list is full: mark what it holds)
				known[0] = new RevisionWriter.Head(current.version(), current.head(), current.pending());
				adapted = true;
			}
			RevisionWriter.Head head = known[0];
			Ulid ulid = nextUlid(head == null ? null : head.ulid());
			LatestWrite latest = requests.update(target, version, Expect.LIVE, version + 1, ulid, RevisionType.UPDATE)
				.pending(head != null && head.version() == version ? head.pending() : null)
				.expiring(entities.expiresAtOf(persistentEntity, toSave))
				.state(state)
				.indexed(state, null);
			WritePlan plan = new WritePlan(version + 1, ulid, RevisionType.UPDATE, state, latest);
			LongFunction<T> saved = written -> entities.withVersion(toSave, persistentEntity, written);
			return adapted ? Step.adapted(plan, saved) : Step.write(plan, saved);
		});
	}

	<T> T update(Class<T> type, Object id, UnaryOperator<T> change) {
		Assert.notNull(type, "type must not be null");
		Assert.notNull(change, "change must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(type);
		EntityTarget target = entities.target(persistentEntity, id);
		return callbacks.afterSave(writer.write(target, "update", maxUpdateAttempts,
				() -> new OptimisticLockingFailureException("Gave up updating %s after %d conflicting attempts"
					.formatted(target.describe(), maxUpdateAttempts)),
				previous -> {
					LatestItem current = reader.latest(target);
					Ulid ulid = current == null ? null : nextUlid(current.head());
					if (current == null || !current.visible(ulid.getTime())) {
						throw new EmptyResultDataAccessException("No live %s to update".formatted(target.describe()), 1);
					}
					T result = change.apply(reader.read(target, type, current.state(), current.version()));
					if (result == null) {
						throw new InvalidDataAccessApiUsageException(
								"The change for %s returned null".formatted(target.describe()));
					}
					T converted = callbacks.beforeConvert(result);
					Object changedId = entities.idOf(persistentEntity, converted);
					if (changedId == null || !converter.idToString(changedId).equals(target.id())) {
						throw new InvalidDataAccessApiUsageException(
								"The change for %s must not change its id (to %s)".formatted(target.describe(), changedId));
					}
					Map<String, AttributeValue> state = converter.write(converted);
					T changed = callbacks.beforeSave(converted, state);
					long revision = current.version() + 1;
					LatestWrite latest = requests
						.update(target, current.version(), Expect.LIVE, revision, ulid, RevisionType.UPDATE)
						.pending(current.pending())
						.expiring(entities.expiresAtOf(persistentEntity, changed))
						.state(state)
						.indexed(state, null);
					return Step.write(new WritePlan(revision, ulid, RevisionType.UPDATE, state, latest),
							written -> entities.withVersion(changed, persistentEntity, written));
				}));
	}

	void delete(Object entity) {
		Assert.notNull(entity, "entity must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(entity.getClass());
		Object id = entities.idOf(persistentEntity, entity);
		if (id == null) {
			return;
		}
		softDelete(entities.target(persistentEntity, id),
				entities.isNew(persistentEntity, entity) ? null : entities.versionOf(persistentEntity, entity));
	}

	void deleteById(Class<?> type, Object id) {
		softDelete(entities.target(type, id), null);
	}

	private void softDelete(EntityTarget target, @Nullable Long expectedVersion) {
		writer.write(target, "delete", MAX_WRITE_ROUNDS, () -> gaveUp(target, "delete"), previous -> {
			LatestItem current = reader.latest(target);
			Ulid ulid = current == null ? null : nextUlid(current.head());
			if (current != null && current.hasHistory() && current.expired(ulid.getTime())) {
				// an expired entity is absent: deleting it (by id or by a copy of any version) does nothing
				return Step.finish(null);
			}
			if (current == null || !current.live()) {
				if (expectedVersion != null) {
					throw staleVersion(target, "delete", expectedVersion, current);
				}
				return Step.finish(null);
			}
			if (expectedVersion != null && current.version() != expectedVersion) {
				throw staleVersion(target, "delete", expectedVersion, current);
			}
			long revision = current.version() + 1;
			LatestWrite latest = requests.update(target, current.version(), Expect.LIVE, revision, ulid, RevisionType.DELETE)
				.pending(current.pending())
				.expiring(current.expiresAt())
				.markDeleted()
				.indexedAsDeleted(current.state());
			return Step.write(new WritePlan(revision, ulid, RevisionType.DELETE, current.state(), latest), written -> null);
		});
	}

	<T> Optional<T> restore(Class<T> type, Object id) {
		EntityTarget target = entities.target(type, id);
		return writer.write(target, "restore", MAX_WRITE_ROUNDS, () -> gaveUp(target, "restore"), previous -> {
			LatestItem current = reader.latest(target);
			Ulid ulid = current == null ? null : nextUlid(current.head());
			if (current == null || !current.hasHistory() || current.expired(ulid.getTime())) {
				return Step.finish(Optional.<T>empty());
			}
			if (current.live()) {
				return Step.finish(Optional.of(reader.read(target, type, current.state(), current.version())));
			}
			long revision = current.version() + 1;
			LatestWrite latest = requests.update(target, current.version(), Expect.DELETED, revision, ulid, RevisionType.UPDATE)
				.pending(current.pending())
				.expiring(current.expiresAt())
				.listed(null)
				.indexed(current.state(), null);
			return Step.write(new WritePlan(revision, ulid, RevisionType.UPDATE, current.state(), latest),
					written -> Optional.of(reader.read(target, type, current.state(), written)));
		});
	}

	private Ulid nextUlid(@Nullable Ulid predecessor) {
		return RevisionUlids.next(predecessor, clock.millis());
	}

	private static OptimisticLockingFailureException staleVersion(EntityTarget target, String action, long version,
			@Nullable LatestItem current) {
		String state;
		if (current == null) {
			state = "it does not exist";
		}
		else if (current.purging()) {
			state = "it is being purged";
		}
		else if (current.erased()) {
			state = "it was purged at version %d; no copy from before a purge can be saved".formatted(current.version());
		}
		else if (current.deleted()) {
			state = "it was deleted at version %d".formatted(current.version());
		}
		else if (current.expiresAt() != null && current.version() == version) {
			state = "it expired at %s".formatted(Instant.ofEpochMilli(current.expiresAt()));
		}
		else {
			state = "it is at version %d".formatted(current.version());
		}
		return new OptimisticLockingFailureException(
				"Cannot %s %s at version %d: %s".formatted(action, target.describe(), version, state));
	}

	private static ConcurrencyFailureException gaveUp(EntityTarget target, String action) {
		return new ConcurrencyFailureException(
				"Gave up the %s of %s: it kept changing concurrently".formatted(action, target.describe()));
	}

}

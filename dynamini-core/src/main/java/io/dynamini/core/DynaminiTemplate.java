package io.dynamini.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.RevisionWriter.Expect;
import io.dynamini.core.RevisionWriter.LatestWrite;
import io.dynamini.core.RevisionWriter.Step;
import io.dynamini.core.RevisionWriter.WriteOutcome.Rejected;
import io.dynamini.core.RevisionWriter.WritePlan;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPage;
import io.dynamini.tenant.TenantResolver;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.data.history.Revisions;
import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one implementation of {@link DynaminiOperations}: says what each operation does and keeps the history
 * invariants. It builds no request and calls no client itself: {@link RevisionWriter} writes revisions (the one
 * write protocol), {@link EntityReader} reads an entity's items, {@link Purger} erases them, {@link IndexQueries}
 * queries the indexes, all through one {@link SdkExecutor} that translates SDK exceptions; {@link EntityOperations}
 * adapts the entity beans.
 *
 * <p>Each entity lives in its own partition ({@code <tenant>#<type>#<id>}): one item with the latest state
 * (sort key {@code A}) and one immutable item per revision (sort key {@code H#<ULID>}). A write is one
 * {@code TransactWriteItems} request: a conditional put or update of the latest item (the condition is the
 * optimistic lock) and a put of the new history item. See docs/design.md.
 */
public class DynaminiTemplate implements DynaminiOperations {

	/** Default number of read-apply-write attempts of {@link #update}. */
	public static final int DEFAULT_MAX_UPDATE_ATTEMPTS = 256;

	/** Rounds a single write may take when it must adapt (a clock behind its predecessor, a transaction conflict). */
	private static final int MAX_WRITE_ROUNDS = 10;

	private final String tableName;

	private final DynaminiMappingContext mappingContext;

	private final DynaminiEntityConverter converter;

	private final Clock clock;

	private final boolean consistentRead;

	private final int maxUpdateAttempts;

	private final SdkExecutor executor;

	private final EntityOperations entities;

	private final RevisionWriter writer;

	private final EntityReader reader;

	private final Purger purger;

	private final IndexQueries queries;

	/**
	 * Creates a template with defaults: no tenants, the system clock, strongly consistent reads.
	 */
	public DynaminiTemplate(DynamoDbClient client, String tableName) {
		this(builder().client(client).tableName(tableName));
	}

	private DynaminiTemplate(Builder builder) {
		Assert.notNull(builder.client, "client must not be null");
		Assert.hasText(builder.tableName, "tableName must not be empty");
		Assert.isTrue(builder.maxUpdateAttempts > 0, "maxUpdateAttempts must be positive");
		this.executor = new SdkExecutor(builder.client, builder.exceptionTranslator);
		this.tableName = builder.tableName;
		if (builder.converter != null) {
			Assert.isTrue(builder.mappingContext == null || builder.mappingContext == builder.converter.getMappingContext(),
					"the converter must work from the given mapping context");
			this.converter = builder.converter;
			this.mappingContext = builder.converter.getMappingContext();
		}
		else {
			this.mappingContext = builder.mappingContext != null ? builder.mappingContext : new DynaminiMappingContext();
			this.converter = new DynaminiEntityConverter(this.mappingContext);
		}
		this.clock = builder.clock;
		this.consistentRead = builder.consistentRead;
		this.maxUpdateAttempts = builder.maxUpdateAttempts;
		RequestFactory requests = new RequestFactory(this.tableName, this.consistentRead);
		this.entities = new EntityOperations(this.mappingContext, this.converter, builder.tenantResolver, this.clock);
		this.writer = new RevisionWriter(this.tableName, this.executor, this.converter);
		this.reader = new EntityReader(this.executor, requests, this.converter);
		this.purger = new Purger(this.executor, requests);
		this.queries = new IndexQueries(this.tableName, this.executor, this.converter);
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String getTableName() {
		return tableName;
	}

	@Override
	public DynaminiMappingContext getMappingContext() {
		return mappingContext;
	}

	// ---------------------------------------------------------------------------------------------- writes

	@Override
	public <T> T save(T entity) {
		Assert.notNull(entity, "entity must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(entity.getClass());
		if (entities.isNew(persistentEntity, entity)) {
			return create(entity, persistentEntity, false);
		}
		return saveRevision(entity, persistentEntity, entities.versionOf(persistentEntity, entity));
	}

	@Override
	public <T> T insert(T entity) {
		Assert.notNull(entity, "entity must not be null");
		return create(entity, entities.requiredEntity(entity.getClass()), true);
	}

	private <T> T create(T entity, DynaminiPersistentEntity<?> persistentEntity, boolean insertOnly) {
		T withId = entities.withIdAssigned(entity, persistentEntity);
		EntityTarget target = entities.target(persistentEntity, entities.idOf(persistentEntity, withId));
		Map<String, AttributeValue> state = converter.write(withId);
		return writer.write(target, "save", MAX_WRITE_ROUNDS, () -> gaveUp(target, "save"), previous -> {
			LatestItem current = previous instanceof Rejected rejected ? rejected.current() : null;
			if (current == null) {
				// first attempt, or contended: a brand-new entity
				Ulid ulid = nextUlid(null);
				return Step.write(new WritePlan(1, ulid, RevisionType.INSERT, state, writer.newLatest(target, ulid, state)),
						() -> entities.withVersion(withId, persistentEntity, 1));
			}
			if (current.purging()) {
				throw new OptimisticLockingFailureException(
						"Cannot save new %s: it is being purged".formatted(target.describe()));
			}
			if (current.live()) {
				if (insertOnly) {
					throw new DuplicateKeyException("Cannot insert %s: a live entity with that id exists at version %d"
						.formatted(target.describe(), current.version()));
				}
				throw new OptimisticLockingFailureException(
						"Cannot save new %s: a live entity with that id exists at version %d"
							.formatted(target.describe(), current.version()));
			}
			// deleted or erased: continue its history
			long revision = current.version() + 1;
			Ulid ulid = nextUlid(current.head());
			LatestWrite latest = writer
				.update(target, current.version(), current.erased() ? Expect.ERASED : Expect.DELETED, revision, ulid,
						RevisionType.INSERT)
				.state(state)
				.listed(ulid)
				.indexed(state, ulid);
			return Step.adapted(new WritePlan(revision, ulid, RevisionType.INSERT, state, latest),
					() -> entities.withVersion(withId, persistentEntity, revision));
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
		// the newest revision this template wrote of the entity, if any: spares a round when saving within its millisecond
		Ulid[] predecessor = { writer.recentHead(target) };
		return writer.write(target, "save", MAX_WRITE_ROUNDS, () -> gaveUp(target, "save"), previous -> {
			boolean adapted = false;
			if (previous instanceof Rejected rejected) {
				LatestItem current = rejected.current();
				if (current == null || current.version() != version || !current.live()) {
					throw staleVersion(target, "save", version, current);
				}
				// our clock is not past the newest revision's millisecond: order the new revision after it
				predecessor[0] = current.head();
				adapted = true;
			}
			Ulid ulid = nextUlid(predecessor[0]);
			LatestWrite latest = writer.update(target, version, Expect.LIVE, version + 1, ulid, RevisionType.UPDATE)
				.state(state)
				.indexed(state, null);
			WritePlan plan = new WritePlan(version + 1, ulid, RevisionType.UPDATE, state, latest);
			Supplier<T> saved = () -> entities.withVersion(entity, persistentEntity, version + 1);
			return adapted ? Step.adapted(plan, saved) : Step.write(plan, saved);
		});
	}

	@Override
	public <T> T update(Class<T> type, Object id, UnaryOperator<T> change) {
		Assert.notNull(type, "type must not be null");
		Assert.notNull(change, "change must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(type);
		EntityTarget target = entities.target(persistentEntity, id);
		return writer.write(target, "update", maxUpdateAttempts,
				() -> new OptimisticLockingFailureException("Gave up updating %s after %d conflicting attempts"
					.formatted(target.describe(), maxUpdateAttempts)),
				previous -> {
					LatestItem current = reader.latest(target);
					if (current == null || !current.live()) {
						throw new EmptyResultDataAccessException("No live %s to update".formatted(target.describe()), 1);
					}
					T changed = change.apply(reader.read(target, type, current.state(), current.version()));
					if (changed == null) {
						throw new InvalidDataAccessApiUsageException(
								"The change for %s returned null".formatted(target.describe()));
					}
					Object changedId = entities.idOf(persistentEntity, changed);
					if (changedId == null || !converter.idToString(changedId).equals(target.id())) {
						throw new InvalidDataAccessApiUsageException(
								"The change for %s must not change its id (to %s)".formatted(target.describe(), changedId));
					}
					Map<String, AttributeValue> state = converter.write(changed);
					long revision = current.version() + 1;
					Ulid ulid = nextUlid(current.head());
					LatestWrite latest = writer
						.update(target, current.version(), Expect.LIVE, revision, ulid, RevisionType.UPDATE)
						.state(state)
						.indexed(state, null);
					return Step.write(new WritePlan(revision, ulid, RevisionType.UPDATE, state, latest),
							() -> entities.withVersion(changed, persistentEntity, revision));
				});
	}

	@Override
	public void delete(Object entity) {
		Assert.notNull(entity, "entity must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(entity.getClass());
		Object id = entities.idOf(persistentEntity, entity);
		if (id == null) {
			return;
		}
		softDelete(entities.target(persistentEntity, id),
				entities.isNew(persistentEntity, entity) ? null : entities.versionOf(persistentEntity, entity));
	}

	@Override
	public void deleteById(Class<?> type, Object id) {
		softDelete(entities.target(type, id), null);
	}

	private void softDelete(EntityTarget target, @Nullable Long expectedVersion) {
		writer.write(target, "delete", MAX_WRITE_ROUNDS, () -> gaveUp(target, "delete"), previous -> {
			LatestItem current = reader.latest(target);
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
			Ulid ulid = nextUlid(current.head());
			LatestWrite latest = writer.update(target, current.version(), Expect.LIVE, revision, ulid, RevisionType.DELETE)
				.markDeleted()
				.indexedAsDeleted(current.state());
			return Step.write(new WritePlan(revision, ulid, RevisionType.DELETE, current.state(), latest), () -> null);
		});
	}

	@Override
	public <T> Optional<T> restore(Class<T> type, Object id) {
		EntityTarget target = entities.target(type, id);
		return writer.write(target, "restore", MAX_WRITE_ROUNDS, () -> gaveUp(target, "restore"), previous -> {
			LatestItem current = reader.latest(target);
			if (current == null || !current.hasHistory()) {
				return Step.finish(Optional.<T>empty());
			}
			if (current.live()) {
				return Step.finish(Optional.of(reader.read(target, type, current.state(), current.version())));
			}
			long revision = current.version() + 1;
			Ulid ulid = nextUlid(current.head());
			LatestWrite latest = writer.update(target, current.version(), Expect.DELETED, revision, ulid, RevisionType.UPDATE)
				.listed(null)
				.indexed(current.state(), null);
			return Step.write(new WritePlan(revision, ulid, RevisionType.UPDATE, current.state(), latest),
					() -> Optional.of(reader.read(target, type, current.state(), revision)));
		});
	}

	@Override
	public void purge(Class<?> type, Object id) {
		purger.purge(entities.target(type, id));
	}

	// ----------------------------------------------------------------------------------------------- reads

	@Override
	public <T> Optional<T> findById(Class<T> type, Object id) {
		EntityTarget target = entities.target(type, id);
		LatestItem latest = reader.latest(target);
		return latest == null || !latest.live() ? Optional.empty()
				: Optional.of(reader.read(target, type, latest.state(), latest.version()));
	}

	@Override
	public boolean existsById(Class<?> type, Object id) {
		Map<String, AttributeValue> item = reader.latestFlags(entities.target(type, id), "existsById");
		return item.containsKey(TableLayout.VERSION) && !item.containsKey(TableLayout.DELETED)
				&& !item.containsKey(TableLayout.PURGING) && !item.containsKey(TableLayout.ERASED);
	}

	@Override
	public <T> List<T> findAllById(Class<T> type, Iterable<?> ids) {
		Assert.notNull(ids, "ids must not be null");
		DynaminiPersistentEntity<?> persistentEntity = entities.requiredEntity(type);
		Map<String, EntityTarget> targets = new LinkedHashMap<>();
		for (Object id : ids) {
			EntityTarget target = entities.target(persistentEntity, id);
			targets.putIfAbsent(target.pk(), target);
		}
		List<Map<String, AttributeValue>> keys = targets.values().stream().map(EntityTarget::latestKey).toList();
		Map<String, T> found = new HashMap<>();
		String context = "findAllById of " + persistentEntity.getRequiredTypeName();
		for (Map<String, AttributeValue> item : executor.batchGet(context, tableName, keys, consistentRead)) {
			StoredData.decode(context, () -> {
				LatestItem latest = LatestItem.from(item);
				if (latest != null && latest.live()) {
					found.put(item.get(TableLayout.PARTITION_KEY).s(),
							converter.read(type, latest.state(), latest.version()));
				}
				return null;
			});
		}
		List<T> result = new ArrayList<>(found.size());
		for (String pk : targets.keySet()) {
			T entity = found.get(pk);
			if (entity != null) {
				result.add(entity);
			}
		}
		return result;
	}

	@Override
	public <T> List<T> findAll(Class<T> type) {
		return query(type, DynaminiQuery.all(true), null, 0, Integer.MAX_VALUE).content();
	}

	@Override
	public <T> List<Revision<Long, T>> findAllLatestRevisions(Class<T> type) {
		return findLatestRevisions(type, DynaminiQuery.all(true));
	}

	@Override
	public <T> List<Revision<Long, T>> findLatestRevisions(Class<T> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return queries.findLatestRevisions(type, entities.typeName(type), entities.tenant(), query);
	}

	@Override
	public long count(Class<?> type) {
		return count(type, DynaminiQuery.all(true));
	}

	@Override
	public <T> QueryPage<T> query(Class<T> type, DynaminiQuery query, @Nullable Map<String, Object> after, long skip,
			int limit) {
		Assert.notNull(query, "query must not be null");
		Assert.isTrue(skip >= 0, "skip must not be negative");
		Assert.isTrue(limit >= 0, "limit must not be negative");
		return queries.query(type, entities.typeName(type), entities.tenant(), query, after, skip, limit);
	}

	@Override
	public long count(Class<?> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return queries.count(entities.typeName(type), entities.tenant(), query);
	}

	@Override
	public <T> Stream<T> stream(Class<T> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return queries.stream(type, entities.typeName(type), entities.tenant(), query);
	}

	@Override
	public <T> Optional<T> findByIdAsOf(Class<T> type, Object id, Instant instant) {
		Assert.notNull(instant, "instant must not be null");
		return reader.asOf(entities.target(type, id), type, instant);
	}

	@Override
	public <T> Revisions<Long, T> findRevisions(Class<T> type, Object id) {
		return reader.revisions(entities.target(type, id), type);
	}

	@Override
	public <T> Page<Revision<Long, T>> findRevisions(Class<T> type, Object id, Pageable pageable) {
		Assert.notNull(pageable, "pageable must not be null");
		return reader.revisions(entities.target(type, id), type, pageable);
	}

	@Override
	public <T> Optional<Revision<Long, T>> findRevision(Class<T> type, Object id, long revisionNumber) {
		return reader.revision(entities.target(type, id), type, revisionNumber);
	}

	@Override
	public <T> Optional<Revision<Long, T>> findLastChangeRevision(Class<T> type, Object id) {
		return reader.lastChange(entities.target(type, id), type);
	}

	// -------------------------------------------------------------------------------------------- helpers

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

	/**
	 * Collects a {@link DynaminiTemplate}'s settings.
	 */
	public static final class Builder {

		private @Nullable DynamoDbClient client;

		private @Nullable String tableName;

		private @Nullable DynaminiMappingContext mappingContext;

		private @Nullable DynaminiEntityConverter converter;

		private @Nullable TenantResolver tenantResolver;

		private Clock clock = Clock.systemUTC();

		private boolean consistentRead = true;

		private int maxUpdateAttempts = DEFAULT_MAX_UPDATE_ATTEMPTS;

		private DynaminiExceptionTranslator exceptionTranslator = new DynaminiExceptionTranslator();

		private Builder() {
		}

		/** Translates the SDK's exceptions; a subclass may refine what dynamini's translator returns. */
		public Builder exceptionTranslator(DynaminiExceptionTranslator exceptionTranslator) {
			Assert.notNull(exceptionTranslator, "exceptionTranslator must not be null");
			this.exceptionTranslator = exceptionTranslator;
			return this;
		}

		public Builder client(DynamoDbClient client) {
			this.client = client;
			return this;
		}

		public Builder tableName(String tableName) {
			this.tableName = tableName;
			return this;
		}

		public Builder mappingContext(@Nullable DynaminiMappingContext mappingContext) {
			this.mappingContext = mappingContext;
			return this;
		}

		/**
		 * The converter of entities to items and back (by default one over the mapping context); its mapping context
		 * becomes the template's.
		 */
		public Builder converter(@Nullable DynaminiEntityConverter converter) {
			this.converter = converter;
			return this;
		}

		/** Scopes every key to the tenant it returns; without one, all data shares a single default tenant. */
		public Builder tenantResolver(@Nullable TenantResolver tenantResolver) {
			this.tenantResolver = tenantResolver;
			return this;
		}

		/** The clock that stamps revisions; revisions still sort after their predecessors if it runs behind. */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/** Strongly consistent reads (the default) where DynamoDB offers them; {@code false} halves read cost. */
		public Builder consistentRead(boolean consistentRead) {
			this.consistentRead = consistentRead;
			return this;
		}

		public Builder maxUpdateAttempts(int maxUpdateAttempts) {
			this.maxUpdateAttempts = maxUpdateAttempts;
			return this;
		}

		public DynaminiTemplate build() {
			return new DynaminiTemplate(this);
		}
	}

}

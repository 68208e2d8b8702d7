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

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPage;
import io.dynamini.tenant.TenantResolver;

import io.dynamini.observation.DynaminiObservations;
import io.micrometer.observation.ObservationRegistry;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.history.Revision;
import org.springframework.data.mapping.callback.EntityCallbacks;
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
public class DynaminiTemplate implements DynaminiOperations, ApplicationContextAware {

	/** Default number of read-apply-write attempts of {@link #update}. */
	public static final int DEFAULT_MAX_UPDATE_ATTEMPTS = 256;

	private final String tableName;

	private final DynaminiMappingContext mappingContext;

	private final DynaminiEntityConverter converter;

	private final boolean consistentRead;

	private final SdkExecutor executor;

	private final DynaminiObservations observations;

	private final EntityOperations entities;

	private final EntityWrites writes;

	private final EntityReader reader;

	private final Purger purger;

	private final IndexQueries queries;

	private final LifecycleCallbacks callbacks;

	private final WriteRequests writeRequests;

	private final RequestFactory requests;

	private volatile boolean entityCallbacksSet;

	private volatile boolean authorsSet;

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
		this.observations = builder.observations.withResults(this::revisionOf, this::idOfEntity);
		this.executor = new SdkExecutor(builder.client, builder.exceptionTranslator, this.observations);
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
		this.consistentRead = builder.consistentRead;
		this.requests = new RequestFactory(this.tableName, this.consistentRead);
		this.entities = new EntityOperations(this.mappingContext, this.converter, builder.tenantResolver, builder.clock,
				builder.historyRetention);
		this.callbacks = new LifecycleCallbacks(this.tableName);
		this.reader = new EntityReader(this.executor, requests, this.converter, this.callbacks, builder.clock);
		this.writeRequests = new WriteRequests(this.tableName, this.converter);
		this.writes = new EntityWrites(this.entities, new RevisionWriter(this.executor, writeRequests), writeRequests,
				this.reader, this.converter, builder.clock, builder.maxUpdateAttempts, this.callbacks);
		this.purger = new Purger(this.executor, requests);
		this.queries = new IndexQueries(this.tableName, this.executor, this.converter, this.callbacks);
	}

	/**
	 * Takes the entity callbacks (auditing among them) and the revision authors from the context, unless set.
	 */
	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		if (!entityCallbacksSet) {
			callbacks.setEntityCallbacks(EntityCallbacks.create(applicationContext));
		}
		if (!authorsSet) {
			applicationContext.getBeanProvider(RevisionAuthors.class).ifAvailable(writeRequests::setAuthors);
		}
	}

	/** The entity callbacks to invoke on writes and reads ({@code io.dynamini.core.mapping.event}). */
	public void setEntityCallbacks(EntityCallbacks entityCallbacks) {
		Assert.notNull(entityCallbacks, "entityCallbacks must not be null");
		callbacks.setEntityCallbacks(entityCallbacks);
		entityCallbacksSet = true;
	}

	/** Where each revision's author comes from (auditing); see {@link DynaminiRevisionMetadata#getAuthor()}. */
	public void setRevisionAuthors(Supplier<@Nullable String> authors) {
		Assert.notNull(authors, "authors must not be null");
		writeRequests.setAuthors(authors);
		authorsSet = true;
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
		return observe(entity.getClass(), "save", idOf(entity), () -> writes.save(entity));
	}

	@Override
	public <T> T insert(T entity) {
		return observe(entity.getClass(), "insert", idOf(entity), () -> writes.insert(entity));
	}

	@Override
	public <T> T update(Class<T> type, Object id, UnaryOperator<T> change) {
		return observe(type, "update", id, () -> writes.update(type, id, change));
	}

	@Override
	public void delete(Object entity) {
		observe(entity.getClass(), "delete", idOf(entity), () -> {
			writes.delete(entity);
			return null;
		});
	}

	@Override
	public void deleteById(Class<?> type, Object id) {
		observe(type, "deleteById", id, () -> {
			writes.deleteById(type, id);
			return null;
		});
	}

	@Override
	public <T> Optional<T> restore(Class<T> type, Object id) {
		return observe(type, "restore", id, () -> writes.restore(type, id));
	}

	@Override
	public void purge(Class<?> type, Object id) {
		observe(type, "purge", id, () -> {
			purger.purge(entities.target(type, id));
			return null;
		});
	}

	// ----------------------------------------------------------------------------------------------- reads

	@Override
	public <T> Optional<T> findById(Class<T> type, Object id) {
		return observe(type, "findById", id, () -> reader.findById(entities.target(type, id), type, entities.now()));
	}

	@Override
	public boolean existsById(Class<?> type, Object id) {
		return observe(type, "existsById", id, () -> exists(type, id));
	}

	private boolean exists(Class<?> type, Object id) {
		Map<String, AttributeValue> item = reader.latestFlags(entities.target(type, id), "existsById");
		Long expiresAt = LatestItem.expiresAt(item);
		return item.containsKey(TableLayout.VERSION) && !item.containsKey(TableLayout.DELETED)
				&& !item.containsKey(TableLayout.PURGING) && !item.containsKey(TableLayout.ERASED)
				&& (expiresAt == null || expiresAt > entities.now());
	}

	@Override
	public <T> List<T> findAllById(Class<T> type, Iterable<?> ids) {
		Assert.notNull(ids, "ids must not be null");
		return observe(type, "findAllById", null, () -> allById(type, ids));
	}

	private <T> List<T> allById(Class<T> type, Iterable<?> ids) {
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
			StoredData.decode(() -> context, () -> {
				LatestItem latest = LatestItem.from(item);
				if (latest != null && latest.visible(entities.now())) {
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
		return observe(type, "findAll", null, () -> query(type, DynaminiQuery.all(true), null, 0, Integer.MAX_VALUE).content());
	}

	@Override
	public <T> List<Revision<Long, T>> findAllLatestRevisions(Class<T> type) {
		return findLatestRevisions(type, DynaminiQuery.all(true));
	}

	@Override
	public <T> List<Revision<Long, T>> findLatestRevisions(Class<T> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return observe(type, "findLatestRevisions", null,
				() -> queries.findLatestRevisions(type, entities.typeName(type), entities.tenant(), query, aliveAt(type)));
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
		return observe(type, "query", null, () -> queries.query(type, entities.typeName(type), entities.tenant(), query,
				after, skip, limit, aliveAt(type)));
	}

	@Override
	public long count(Class<?> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return observe(type, "count", null,
				() -> queries.count(entities.typeName(type), entities.tenant(), query, aliveAt(type)));
	}

	@Override
	public <T> Stream<T> stream(Class<T> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return queries.stream(type, entities.typeName(type), entities.tenant(), query, aliveAt(type));
	}

	/** @return for a type with an {@code @ExpiresAt}, now (a listed entity must not have expired); else {@code null} */
	private @Nullable Long aliveAt(Class<?> type) {
		return entities.requiredEntity(type).getExpiresAtProperty() == null ? null : entities.now();
	}

	@Override
	public <T> Optional<T> findByIdAsOf(Class<T> type, Object id, Instant instant) {
		Assert.notNull(instant, "instant must not be null");
		return observe(type, "findByIdAsOf", id, () -> reader.asOf(entities.target(type, id), type, instant));
	}

	@Override
	public <T> Revisions<Long, T> findRevisions(Class<T> type, Object id) {
		return observe(type, "findRevisions", id, () -> reader.revisions(entities.target(type, id), type));
	}

	@Override
	public <T> Page<Revision<Long, T>> findRevisions(Class<T> type, Object id, Pageable pageable) {
		Assert.notNull(pageable, "pageable must not be null");
		return observe(type, "findRevisions", id, () -> reader.revisions(entities.target(type, id), type, pageable));
	}

	@Override
	public <T> Optional<Revision<Long, T>> findRevision(Class<T> type, Object id, long revisionNumber) {
		return observe(type, "findRevision", id, () -> reader.revision(entities.target(type, id), type, revisionNumber));
	}

	@Override
	public <T> Optional<Revision<Long, T>> findLastChangeRevision(Class<T> type, Object id) {
		return observe(type, "findLastChangeRevision", id, () -> reader.lastChange(entities.target(type, id), type));
	}

	@Override
	public void requireLive(Class<?> type, Object id) {
		EntityTarget target = entities.target(type, id);
		DynaminiTransaction transaction = DynaminiTransaction.current(executor.client());
		if (transaction != null) {
			transaction.requireLive(target, requests.liveCheck(target, entities.now()));
			return;
		}
		LatestItem latest = reader.latest(target);
		if (latest == null || !latest.visible(entities.now())) {
			throw new EmptyResultDataAccessException("No live %s".formatted(target.describe()), 1);
		}
	}

	@Override
	public List<PropertyChange> findChanges(Class<?> type, Object id, long fromRevision, long toRevision) {
		if (fromRevision < 0 || toRevision < 0) {
			throw new InvalidDataAccessApiUsageException("Revision numbers start at 1 (0: before the first), not %d"
				.formatted(Math.min(fromRevision, toRevision)));
		}
		return observe(type, "findChanges", id, () -> reader.changes(entities.target(type, id), fromRevision, toRevision));
	}

	@Override
	public DynaminiObservations getObservations() {
		return observations;
	}

	private <R> R observe(Class<?> type, String operation, @Nullable Object id, Supplier<R> call) {
		if (!observations.isEnabled()) {
			return call.get();
		}
		return observations.operation(entities.requiredEntity(type).getRequiredTypeName(), operation, id, call);
	}

	private @Nullable Object idOf(Object entity) {
		return observations.isEnabled() ? idOfEntity(entity) : null;
	}

	private @Nullable Object idOfEntity(Object entity) {
		// only types the mapping context already knows: a result may be a List, a Page, a Boolean
		DynaminiPersistentEntity<?> persistentEntity = mappingContext.hasPersistentEntityFor(entity.getClass())
				? mappingContext.getPersistentEntity(entity.getClass()) : null;
		return persistentEntity == null ? null : persistentEntity.getIdentifierAccessor(entity).getIdentifier();
	}

	/** The revision an operation's result carries, for its observation: a revision's number, an entity's version. */
	private @Nullable Long revisionOf(Object result) {
		if (result instanceof Revision<?, ?> revision) {
			return revision.getRevisionNumber().map(Number::longValue).orElse(null);
		}
		DynaminiPersistentEntity<?> persistentEntity = mappingContext.hasPersistentEntityFor(result.getClass())
				? mappingContext.getPersistentEntity(result.getClass()) : null;
		if (persistentEntity == null || persistentEntity.getVersionProperty() == null) {
			return null;
		}
		Object version = persistentEntity.getPropertyAccessor(result).getProperty(persistentEntity.getVersionProperty());
		return version instanceof Number number ? number.longValue() : null;
	}

	// -------------------------------------------------------------------------------------------- helpers

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

		private HistoryRetention historyRetention = HistoryRetention.FOREVER;

		private boolean consistentRead = true;

		private int maxUpdateAttempts = DEFAULT_MAX_UPDATE_ATTEMPTS;

		private DynaminiExceptionTranslator exceptionTranslator = new DynaminiExceptionTranslator();

		private DynaminiObservations observations = DynaminiObservations.NONE;

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

		/**
		 * How long entity types that declare none in {@code @VersionedEntity} keep superseded revisions (by default,
		 * forever).
		 */
		public Builder historyRetention(HistoryRetention historyRetention) {
			Assert.notNull(historyRetention, "historyRetention must not be null");
			this.historyRetention = historyRetention;
			return this;
		}

		/** Strongly consistent reads (the default) where DynamoDB offers them; {@code false} halves read cost. */
		/**
		 * Records an observation per operation and per DynamoDB request in {@code registry} (none by default).
		 */
		public Builder observationRegistry(ObservationRegistry registry) {
			Assert.notNull(registry, "registry must not be null");
			this.observations = new DynaminiObservations(registry);
			return this;
		}

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

package io.dynamini.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidFactory;

import io.dynamini.core.RevisionWriter.Expect;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.DynaminiPersistentProperty;
import io.dynamini.core.mapping.IndexDefinition;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPage;
import io.dynamini.tenant.TenantResolver;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.history.Revision;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.data.history.RevisionSort;
import org.springframework.data.history.Revisions;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one implementation of {@link DynaminiOperations}: builds every DynamoDB request dynamini makes, sends it
 * through a single {@code execute} path that translates SDK exceptions, and keeps the history invariants.
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

	private static final int BATCH_GET_LIMIT = 100;

	/** Revisions a purge deletes per transaction: 100 actions, one of them the check of the purge's mark. */
	private static final int PURGE_PAGE_SIZE = 99;

	/** Entities whose newest revision a template remembers as a hint for the next ULID. */
	private static final int RECENT_HEADS_LIMIT = 4096;

	private static final Instant LAST_ULID_INSTANT = Instant.ofEpochMilli(Ulid.MAX.getTime());

	private static final String DEFAULT_TENANT = "";

	private static final AttributeValue TRUE = AttributeValue.fromBool(true);

	private final String tableName;

	private final DynaminiMappingContext mappingContext;

	private final DynaminiEntityConverter converter;

	private final @Nullable TenantResolver tenantResolver;

	private final Clock clock;

	private final boolean consistentRead;

	private final int maxUpdateAttempts;

	private final SdkExecutor executor;

	private final RevisionWriter writer;

	private final IndexQueries queries;

	/** Generates ids; revisions take their ULIDs from {@link RevisionUlids}. */
	private final UlidFactory ulids = UlidFactory.newMonotonicInstance();

	private final Map<String, Ulid> recentHeads = new ConcurrentHashMap<>();

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
		this.executor = new SdkExecutor(builder.client);
		this.tableName = builder.tableName;
		this.mappingContext = builder.mappingContext != null ? builder.mappingContext : new DynaminiMappingContext();
		this.converter = new DynaminiEntityConverter(this.mappingContext);
		this.writer = new RevisionWriter(this.tableName, this.executor, this.converter);
		this.queries = new IndexQueries(this.tableName, this.executor, this.converter);
		this.tenantResolver = builder.tenantResolver;
		this.clock = builder.clock;
		this.consistentRead = builder.consistentRead;
		this.maxUpdateAttempts = builder.maxUpdateAttempts;
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
		DynaminiPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
		Long version = versionOf(persistentEntity, entity);
		if (version == null || version == 0) {
			return create(entity, persistentEntity, false);
		}
		return saveRevision(entity, persistentEntity, version);
	}

	@Override
	public <T> T insert(T entity) {
		Assert.notNull(entity, "entity must not be null");
		return create(entity, requiredEntity(entity.getClass()), true);
	}

	private <T> T create(T entity, DynaminiPersistentEntity<?> persistentEntity, boolean insertOnly) {
		T withId = assignIdIfMissing(entity, persistentEntity);
		EntityTarget target = target(persistentEntity, persistentEntity.getIdentifierAccessor(withId).getRequiredIdentifier());
		Map<String, AttributeValue> state = converter.write(withId);
		// the latest item of a deleted or erased entity this save continues, once known
		LatestItem deleted = null;
		for (int round = 0; round < MAX_WRITE_ROUNDS; round++) {
			long revision = deleted == null ? 1 : deleted.version() + 1;
			Ulid ulid = nextUlid(deleted == null ? null : deleted.head());
			RevisionWriter.LatestWrite latest = deleted == null ? writer.newLatest(target, ulid, state)
					: writer.update(target, deleted.version(), deleted.erased() ? Expect.ERASED : Expect.DELETED,
							revision, ulid, RevisionType.INSERT)
						.state(state)
						.listed(ulid)
						.indexed(state, ulid);
			RevisionWriter.WriteResult result = writer.write(target, "save", revision, ulid, RevisionType.INSERT, state, latest);
			if (result.written()) {
				written(target, ulid);
				return withVersion(withId, persistentEntity, revision);
			}
			LatestItem current = result.current();
			if (result.contended() || current == null) {
				backOff(round);
				deleted = null;
				continue;
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
			deleted = current;
		}
		throw gaveUp(target, "save");
	}

	private <T> T saveRevision(T entity, DynaminiPersistentEntity<?> persistentEntity, long version) {
		Object id = persistentEntity.getIdentifierAccessor(entity).getIdentifier();
		if (id == null) {
			throw new InvalidDataAccessApiUsageException("Cannot save %s at version %d: its id is null"
				.formatted(persistentEntity.getRequiredTypeName(), version));
		}
		EntityTarget target = target(persistentEntity, id);
		Map<String, AttributeValue> state = converter.write(entity);
		// the newest revision this template wrote of the entity, if any: spares a round when saving within its millisecond
		Ulid predecessor = recentHeads.get(target.pk());
		for (int round = 0; round < MAX_WRITE_ROUNDS; round++) {
			Ulid ulid = nextUlid(predecessor);
			RevisionWriter.LatestWrite latest = writer.update(target, version, Expect.LIVE, version + 1, ulid,
					RevisionType.UPDATE)
				.state(state)
				.indexed(state, null);
			RevisionWriter.WriteResult result = writer.write(target, "save", version + 1, ulid, RevisionType.UPDATE, state, latest);
			if (result.written()) {
				written(target, ulid);
				return withVersion(entity, persistentEntity, version + 1);
			}
			LatestItem current = result.current();
			if (result.contended()) {
				backOff(round);
				continue;
			}
			if (current != null && current.version() == version && current.live()) {
				// our clock is not past the newest revision's millisecond: order the new revision after it
				predecessor = current.head();
				continue;
			}
			throw staleVersion(target, "save", version, current);
		}
		throw gaveUp(target, "save");
	}

	@Override
	public <T> T update(Class<T> type, Object id, UnaryOperator<T> change) {
		Assert.notNull(type, "type must not be null");
		Assert.notNull(change, "change must not be null");
		DynaminiPersistentEntity<?> persistentEntity = requiredEntity(type);
		EntityTarget target = target(persistentEntity, id);
		for (int attempt = 0; attempt < maxUpdateAttempts; attempt++) {
			LatestItem current = readLatest(target);
			if (current == null || !current.live()) {
				throw new EmptyResultDataAccessException("No live %s to update".formatted(target.describe()), 1);
			}
			T changed = change.apply(read(target, type, current.state(), current.version()));
			if (changed == null) {
				throw new InvalidDataAccessApiUsageException(
						"The change for %s returned null".formatted(target.describe()));
			}
			Object changedId = persistentEntity.getIdentifierAccessor(changed).getIdentifier();
			if (changedId == null || !converter.idToString(changedId).equals(target.id())) {
				throw new InvalidDataAccessApiUsageException(
						"The change for %s must not change its id (to %s)".formatted(target.describe(), changedId));
			}
			Map<String, AttributeValue> state = converter.write(changed);
			long revision = current.version() + 1;
			Ulid ulid = nextUlid(current.head());
			RevisionWriter.LatestWrite latest = writer.update(target, current.version(), Expect.LIVE, revision, ulid,
					RevisionType.UPDATE)
				.state(state)
				.indexed(state, null);
			if (writer.write(target, "update", revision, ulid, RevisionType.UPDATE, state, latest).written()) {
				written(target, ulid);
				return withVersion(changed, persistentEntity, revision);
			}
			backOff(attempt);
		}
		throw new OptimisticLockingFailureException("Gave up updating %s after %d conflicting attempts"
			.formatted(target.describe(), maxUpdateAttempts));
	}

	@Override
	public void delete(Object entity) {
		Assert.notNull(entity, "entity must not be null");
		DynaminiPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
		Object id = persistentEntity.getIdentifierAccessor(entity).getIdentifier();
		if (id == null) {
			return;
		}
		Long version = versionOf(persistentEntity, entity);
		softDelete(target(persistentEntity, id), version == null || version == 0 ? null : version);
	}

	@Override
	public void deleteById(Class<?> type, Object id) {
		softDelete(target(requiredEntity(type), id), null);
	}

	private void softDelete(EntityTarget target, @Nullable Long expectedVersion) {
		for (int round = 0; round < MAX_WRITE_ROUNDS; round++) {
			LatestItem current = readLatest(target);
			if (current == null || !current.live()) {
				if (expectedVersion != null) {
					throw staleVersion(target, "delete", expectedVersion, current);
				}
				return;
			}
			if (expectedVersion != null && current.version() != expectedVersion) {
				throw staleVersion(target, "delete", expectedVersion, current);
			}
			long revision = current.version() + 1;
			Ulid ulid = nextUlid(current.head());
			RevisionWriter.LatestWrite latest = writer.update(target, current.version(), Expect.LIVE, revision, ulid,
					RevisionType.DELETE)
				.markDeleted()
				.indexedAsDeleted(current.state());
			if (writer.write(target, "delete", revision, ulid, RevisionType.DELETE, current.state(), latest)
				.written()) {
				written(target, ulid);
				return;
			}
			backOff(round);
		}
		throw gaveUp(target, "delete");
	}

	@Override
	public <T> Optional<T> restore(Class<T> type, Object id) {
		EntityTarget target = target(requiredEntity(type), id);
		for (int round = 0; round < MAX_WRITE_ROUNDS; round++) {
			LatestItem current = readLatest(target);
			if (current == null || !current.hasHistory()) {
				return Optional.empty();
			}
			if (current.live()) {
				return Optional.of(read(target, type, current.state(), current.version()));
			}
			long revision = current.version() + 1;
			Ulid ulid = nextUlid(current.head());
			RevisionWriter.LatestWrite latest = writer.update(target, current.version(), Expect.DELETED, revision, ulid,
					RevisionType.UPDATE)
				.listed(null)
				.indexed(current.state(), null);
			if (writer.write(target, "restore", revision, ulid, RevisionType.UPDATE, current.state(), latest)
				.written()) {
				written(target, ulid);
				return Optional.of(read(target, type, current.state(), revision));
			}
			backOff(round);
		}
		throw gaveUp(target, "restore");
	}

	@Override
	public void purge(Class<?> type, Object id) {
		EntityTarget target = target(requiredEntity(type), id);
		String token = markForPurge(target);
		if (token == null) {
			return;
		}
		// 2. erase the marked chain, a page of keys at a time, each delete conditional on the mark still being this
		// purge's: once any purger finished, a straggler can never delete a re-created entity's revisions
		for (int round = 0;; round++) {
			List<Map<String, AttributeValue>> keys = execute(target, "purge",
					dynamo -> dynamo.query(historyQuery(target, true).projectionExpression("#pk, #sk")
						.limit(PURGE_PAGE_SIZE)
						.build()).items());
			if (keys.isEmpty()) {
				break;
			}
			List<TransactWriteItem> actions = new ArrayList<>(keys.size() + 1);
			actions.add(TransactWriteItem.builder()
				.conditionCheck(ConditionCheck.builder()
					.tableName(tableName)
					.key(target.latestKey())
					.conditionExpression("#pg = :token")
					.expressionAttributeNames(Map.of("#pg", TableLayout.PURGING))
					.expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token)))
					.build())
				.build());
			for (Map<String, AttributeValue> key : keys) {
				actions.add(TransactWriteItem.builder()
					.delete(Delete.builder().tableName(tableName).key(key).build())
					.build());
			}
			TransactionCanceledException cancelled = writer.transact("purge of " + target.describe(), actions,
					UUID.randomUUID().toString());
			if (cancelled != null) {
				List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
						: List.of();
				if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
					return; // another purge of the same mark finished: the chain is gone
				}
				if (reasons.stream().noneMatch(reason -> "TransactionConflict".equals(reason.code()))
						|| round >= MAX_WRITE_ROUNDS) {
					throw executor.translate(cancelled, "purge of " + target.describe());
				}
				backOff(round);
			}
		}
		// 3. turn the marked latest item into a stub: no state, no index keys, the version counting on
		execute(target, "purge", dynamo -> {
			try {
				return dynamo.updateItem(request -> request.tableName(tableName)
					.key(target.latestKey())
					.updateExpression("SET #e = :true, #b = #v REMOVE #pg, #d, #t, #w, #del")
					.conditionExpression("#pg = :token")
					.expressionAttributeNames(Map.of("#e", TableLayout.ERASED, "#b", TableLayout.BASE, "#v",
							TableLayout.VERSION, "#pg", TableLayout.PURGING, "#d", TableLayout.STATE, "#t",
							TableLayout.TYPE, "#w", TableLayout.WRITE_TOKEN, "#del", TableLayout.DELETED))
					.expressionAttributeValues(Map.of(":true", TRUE, ":token", AttributeValue.fromS(token)))
					.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
			}
			catch (ConditionalCheckFailedException finishedByAnother) {
				return null;
			}
		});
	}

	/**
	 * 1. Marks the latest item with a purge token and takes a revision number for the purge: every concurrent write
	 * now fails its condition, so no new revision appears, and the entity leaves every index. A purge that finds
	 * the entity already marked joins that mark.
	 *
	 * @return the purge's token, or {@code null} if there is nothing to erase
	 */
	private @Nullable String markForPurge(EntityTarget target) {
		Map<String, String> names = new HashMap<>(Map.of("#pg", TableLayout.PURGING, "#v", TableLayout.VERSION,
				"#tpk", TableLayout.TYPE_PARTITION_KEY, "#tsk", TableLayout.TYPE_SORT_KEY, "#pk",
				TableLayout.PARTITION_KEY, "#e", TableLayout.ERASED));
		StringBuilder removed = new StringBuilder("#tpk, #tsk");
		for (IndexDefinition index : target.entity().getIndexes()) {
			for (String attribute : List.of(index.partitionKeyAttribute(), index.sortKeyAttribute())) {
				names.put("#" + attribute, attribute);
				removed.append(", #").append(attribute);
			}
		}
		String token = UUID.randomUUID().toString();
		return execute(target, "purge", dynamo -> {
			try {
				dynamo.updateItem(request -> request.tableName(tableName)
					.key(target.latestKey())
					.updateExpression("SET #pg = :token, #v = #v + :one REMOVE " + removed)
					.conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#pg) AND attribute_not_exists(#e)")
					.expressionAttributeNames(names)
					.expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token), ":one", AttributeValue.fromN("1")))
					.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
					.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
				return token;
			}
			catch (ConditionalCheckFailedException notMarked) {
				LatestItem current = StoredData.decode("purge of " + target.describe(),
						() -> LatestItem.from(notMarked.hasItem() ? notMarked.item() : null));
				return current == null || current.erased() ? null : current.purgeToken();
			}
		});
	}

	// ----------------------------------------------------------------------------------------------- reads

	@Override
	public <T> Optional<T> findById(Class<T> type, Object id) {
		EntityTarget target = target(requiredEntity(type), id);
		LatestItem latest = readLatest(target);
		return latest == null || !latest.live() ? Optional.empty()
				: Optional.of(read(target, type, latest.state(), latest.version()));
	}

	@Override
	public boolean existsById(Class<?> type, Object id) {
		EntityTarget target = target(requiredEntity(type), id);
		Map<String, AttributeValue> item = readLatestFlags(target, "existsById");
		return item.containsKey(TableLayout.VERSION) && !item.containsKey(TableLayout.DELETED)
				&& !item.containsKey(TableLayout.PURGING) && !item.containsKey(TableLayout.ERASED);
	}

	@Override
	public <T> List<T> findAllById(Class<T> type, Iterable<?> ids) {
		Assert.notNull(ids, "ids must not be null");
		DynaminiPersistentEntity<?> persistentEntity = requiredEntity(type);
		Map<String, EntityTarget> targets = new LinkedHashMap<>();
		for (Object id : ids) {
			EntityTarget target = target(persistentEntity, id);
			targets.putIfAbsent(target.pk(), target);
		}
		List<Map<String, AttributeValue>> keys = targets.values().stream().map(EntityTarget::latestKey).toList();
		Map<String, T> found = new HashMap<>();
		String context = "findAllById of " + persistentEntity.getRequiredTypeName();
		for (Map<String, AttributeValue> item : batchGet(context, keys)) {
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
		return queries.findLatestRevisions(type, typeName(type), tenant(), query);
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
		return queries.query(type, typeName(type), tenant(), query, after, skip, limit);
	}

	@Override
	public long count(Class<?> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return queries.count(typeName(type), tenant(), query);
	}

	@Override
	public <T> Stream<T> stream(Class<T> type, DynaminiQuery query) {
		Assert.notNull(query, "query must not be null");
		return queries.stream(type, typeName(type), tenant(), query);
	}

	@Override
	public <T> Optional<T> findByIdAsOf(Class<T> type, Object id, Instant instant) {
		Assert.notNull(instant, "instant must not be null");
		EntityTarget target = target(requiredEntity(type), id);
		if (instant.isBefore(Instant.EPOCH)) {
			return Optional.empty();
		}
		// every instant is valid: past the last ULID millisecond (year 10889) means "the newest revision"
		long millis = instant.isAfter(LAST_ULID_INSTANT) ? Ulid.MAX.getTime() : instant.toEpochMilli();
		QueryRequest query = QueryRequest.builder()
			.tableName(tableName)
			.keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
			.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY, "#sk", TableLayout.SORT_KEY))
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(target.pk()), ":from",
					AttributeValue.fromS(TableLayout.HISTORY_PREFIX), ":to",
					AttributeValue.fromS(TableLayout.HISTORY_PREFIX + Ulid.max(millis))))
			.scanIndexForward(false)
			.limit(1)
			.consistentRead(consistentRead)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
		List<Map<String, AttributeValue>> items = execute(target, "findByIdAsOf", dynamo -> dynamo.query(query).items());
		if (items.isEmpty()) {
			return Optional.empty();
		}
		Revision<Long, T> revision = toRevision(target, type, items.get(0));
		return revision.getMetadata().getRevisionType() == RevisionType.DELETE ? Optional.empty()
				: Optional.of(revision.getEntity());
	}

	@Override
	public <T> Revisions<Long, T> findRevisions(Class<T> type, Object id) {
		EntityTarget target = target(requiredEntity(type), id);
		QueryRequest query = historyQuery(target, consistentRead).build();
		List<Revision<Long, T>> revisions = execute(target, "findRevisions", dynamo -> {
			List<Revision<Long, T>> list = new ArrayList<>();
			dynamo.queryPaginator(query).items().forEach(item -> list.add(toRevision(target, type, item)));
			return list;
		});
		return Revisions.of(revisions);
	}

	@Override
	public <T> Page<Revision<Long, T>> findRevisions(Class<T> type, Object id, Pageable pageable) {
		Assert.notNull(pageable, "pageable must not be null");
		EntityTarget target = target(requiredEntity(type), id);
		if (pageable.isUnpaged()) {
			List<Revision<Long, T>> all = findRevisions(type, id).getContent();
			if (RevisionSort.getRevisionDirection(pageable.getSort()).isDescending()) {
				all = new ArrayList<>(all);
				Collections.reverse(all);
			}
			return new PageImpl<>(all, pageable, all.size());
		}
		long offset = pageable.getOffset();
		int size = pageable.getPageSize();
		boolean ascending = RevisionSort.getRevisionDirection(pageable.getSort()) == Sort.Direction.ASC;
		if (offset == 0 && ascending) {
			// the latest item sorts first in the partition, revisions follow in ULID (= revision) order: one Query
			// returns the number of revisions and the oldest page
			QueryRequest query = QueryRequest.builder()
				.tableName(tableName)
				.keyConditionExpression("#pk = :pk")
				.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY))
				.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(target.pk())))
				.limit(size + 1)
				.consistentRead(consistentRead)
				.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
				.build();
			List<Map<String, AttributeValue>> items = queryUpTo(target, "findRevisions", query, size + 1);
			long total = 0;
			List<Revision<Long, T>> content = new ArrayList<>();
			for (Map<String, AttributeValue> item : items) {
				if (TableLayout.LATEST_SORT_KEY.equals(item.get(TableLayout.SORT_KEY).s())) {
					LatestItem latest = StoredData.decode("findRevisions of " + target.describe(),
							() -> LatestItem.from(item));
					total = latest == null ? 0 : latest.revisionCount();
				}
				else if (content.size() < size) {
					content.add(toRevision(target, type, item));
				}
			}
			return new PageImpl<>(total == 0 ? List.of() : content, pageable, total);
		}
		if (offset == 0) {
			// newest first: one Query on the table (+1 GetItem for the total of a full page)
			QueryRequest query = historyQuery(target, consistentRead).scanIndexForward(false).limit(size).build();
			List<Revision<Long, T>> content = queryUpTo(target, "findRevisions", query, size).stream()
				.map(item -> toRevision(target, type, item))
				.toList();
			return PageableExecutionUtils.getPage(content, pageable, () -> revisionSpan(target).count());
		}
		RevisionSpan span = revisionSpan(target);
		if (ascending) {
			List<Revision<Long, T>> content = span.count() <= offset ? List.of()
					: revisionRange(type, target, span.base() + offset + 1, span.base() + offset + size);
			return new PageImpl<>(content, pageable, span.count());
		}
		long total = span.count();
		long to = total - offset;
		if (to < 1) {
			return new PageImpl<>(List.of(), pageable, total);
		}
		List<Revision<Long, T>> content = new ArrayList<>(
				revisionRange(type, target, span.base() + Math.max(1, to - size + 1), span.base() + to));
		Collections.reverse(content);
		return new PageImpl<>(content, pageable, total);
	}

	@Override
	public <T> Optional<Revision<Long, T>> findRevision(Class<T> type, Object id, long revisionNumber) {
		EntityTarget target = target(requiredEntity(type), id);
		if (revisionNumber < 1) {
			return Optional.empty();
		}
		return revisionRange(type, target, revisionNumber, revisionNumber).stream().findFirst();
	}

	@Override
	public <T> Optional<Revision<Long, T>> findLastChangeRevision(Class<T> type, Object id) {
		EntityTarget target = target(requiredEntity(type), id);
		LatestItem latest = readLatest(target);
		if (latest == null || !latest.hasHistory()) {
			return Optional.empty();
		}
		return Optional.of(StoredData.decode("findLastChangeRevision of " + target.describe(),
				() -> latest.toRevision(type, converter)));
	}

	/**
	 * Revisions {@code from..to}, oldest first: the keys from {@code rev-index} (keys only, so an item and its index
	 * entry stay within DynamoDB's 400 KB), then the items themselves with BatchGetItem.
	 */
	private <T> List<Revision<Long, T>> revisionRange(Class<T> type, EntityTarget target, long from, long to) {
		QueryRequest query = QueryRequest.builder()
			.tableName(tableName)
			.indexName(TableLayout.REVISION_INDEX)
			.keyConditionExpression("#pk = :pk AND #r BETWEEN :from AND :to")
			.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY, "#r", TableLayout.REVISION))
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(target.pk()), ":from",
					AttributeValue.fromN(Long.toString(from)), ":to", AttributeValue.fromN(Long.toString(to))))
			.consistentRead(consistentRead)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
		List<Map<String, AttributeValue>> keys = execute(target, "findRevisions", dynamo -> {
			List<Map<String, AttributeValue>> list = new ArrayList<>();
			dynamo.queryPaginator(query)
				.items()
				.forEach(item -> list.add(Map.of(TableLayout.PARTITION_KEY, item.get(TableLayout.PARTITION_KEY),
						TableLayout.SORT_KEY, item.get(TableLayout.SORT_KEY))));
			return list;
		});
		List<Map<String, AttributeValue>> items = batchGet(target, "findRevisions", keys);
		List<Revision<Long, T>> revisions = new ArrayList<>(items.size());
		for (Map<String, AttributeValue> item : items) {
			revisions.add(toRevision(target, type, item));
		}
		revisions.sort(Comparator.comparing(Revision::getRequiredRevisionNumber));
		return revisions;
	}

	/**
	 * Reads items by key, 100 per BatchGetItem, retrying unprocessed keys.
	 */
	private List<Map<String, AttributeValue>> batchGet(EntityTarget target, String action,
			List<Map<String, AttributeValue>> keys) {
		return batchGet(action + " of " + target.describe(), keys);
	}

	private List<Map<String, AttributeValue>> batchGet(String context, List<Map<String, AttributeValue>> keys) {
		List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
		for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
			Map<String, KeysAndAttributes> pending = Map.of(tableName, KeysAndAttributes.builder()
				.keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT)))
				.consistentRead(consistentRead)
				.build());
			for (int attempt = 0; !pending.isEmpty(); attempt++) {
				if (attempt > 0) {
					backOff(attempt);
				}
				Map<String, KeysAndAttributes> toSend = pending;
				BatchGetItemResponse response = execute(context, dynamo -> dynamo.batchGetItem(
						request -> request.requestItems(toSend).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
				items.addAll(response.responses().getOrDefault(tableName, List.of()));
				pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
				if (attempt >= MAX_WRITE_ROUNDS && !pending.isEmpty()) {
					throw new TransientDataAccessResourceException(
							"%s: DynamoDB left keys unprocessed after %d attempts".formatted(context, attempt + 1));
				}
			}
		}
		return items;
	}

	/**
	 * The stored revisions' numbers: {@code base+1..version} ({@code count} of them).
	 */
	record RevisionSpan(long base, long version) {

		long count() {
			return version - base;
		}
	}

	private RevisionSpan revisionSpan(EntityTarget target) {
		Map<String, AttributeValue> item = readLatestFlags(target, "findRevisions");
		if (!item.containsKey(TableLayout.VERSION) || item.containsKey(TableLayout.PURGING)
				|| item.containsKey(TableLayout.ERASED)) {
			return new RevisionSpan(0, 0);
		}
		return StoredData.decode("findRevisions of " + target.describe(), () -> {
			AttributeValue base = item.get(TableLayout.BASE);
			return new RevisionSpan(base == null ? 0 : Long.parseLong(base.n()),
					Long.parseLong(item.get(TableLayout.VERSION).n()));
		});
	}

	/**
	 * Reads only the version and the deleted and purging flags of the latest item (an empty map if there is none).
	 */
	private Map<String, AttributeValue> readLatestFlags(EntityTarget target, String action) {
		Map<String, AttributeValue> item = execute(target, action,
				dynamo -> dynamo.getItem(request -> request.tableName(tableName)
					.key(target.latestKey())
					.consistentRead(consistentRead)
					.projectionExpression("#v, #del, #pg, #e, #b")
					.expressionAttributeNames(Map.of("#v", TableLayout.VERSION, "#del", TableLayout.DELETED, "#pg",
							TableLayout.PURGING, "#e", TableLayout.ERASED, "#b", TableLayout.BASE))
					.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
					.item());
		return item == null ? Map.of() : item;
	}

	/**
	 * Reads items of {@code query} page after page until {@code max} items are read or there are no more: a
	 * {@code Limit} is an upper bound, DynamoDB also stops a page at 1 MB.
	 */
	private List<Map<String, AttributeValue>> queryUpTo(EntityTarget target, String action, QueryRequest query,
			int max) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		Map<String, AttributeValue> startKey = null;
		do {
			QueryRequest page = startKey == null ? query
					: query.toBuilder().exclusiveStartKey(startKey).limit(max - items.size()).build();
			QueryResponse response = execute(target, action, dynamo -> dynamo.query(page));
			items.addAll(response.items());
			startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
					? response.lastEvaluatedKey() : null;
		}
		while (startKey != null && items.size() < max);
		return items.size() > max ? items.subList(0, max) : items;
	}

	private QueryRequest.Builder historyQuery(EntityTarget target, boolean consistent) {
		return QueryRequest.builder()
			.tableName(tableName)
			.keyConditionExpression("#pk = :pk AND begins_with(#sk, :h)")
			.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY, "#sk", TableLayout.SORT_KEY))
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(target.pk()), ":h",
					AttributeValue.fromS(TableLayout.HISTORY_PREFIX)))
			.consistentRead(consistent)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
	}

	private <T> Revision<Long, T> toRevision(EntityTarget target, Class<T> type, Map<String, AttributeValue> item) {
		return StoredData.decode("read of a revision of " + target.describe(), () -> {
			long revision = Long.parseLong(item.get(TableLayout.REVISION).n());
			Ulid ulid = Ulid.from(item.get(TableLayout.SORT_KEY).s().substring(TableLayout.HISTORY_PREFIX.length()));
			AttributeValue state = item.get(TableLayout.STATE);
			T entity = converter.read(type, state == null ? Map.of() : state.m(), revision);
			return Revision.of(new DynaminiRevisionMetadata(revision, ulid.getInstant(),
					RevisionTypes.fromCode(item.get(TableLayout.TYPE))), entity);
		});
	}

	private <T> T read(EntityTarget target, Class<T> type, Map<String, AttributeValue> state, long version) {
		return StoredData.decode("read of " + target.describe(), () -> converter.read(type, state, version));
	}

	private @Nullable LatestItem readLatest(EntityTarget target) {
		Map<String, AttributeValue> item = execute(target, "read",
				dynamo -> dynamo.getItem(request -> request.tableName(tableName)
					.key(target.latestKey())
					.consistentRead(consistentRead)
					.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
					.item());
		return StoredData.decode("read of " + target.describe(), () -> LatestItem.from(item));
	}

	// -------------------------------------------------------------------------------------------- helpers

	private EntityTarget target(DynaminiPersistentEntity<?> persistentEntity, @Nullable Object id) {
		String typeName = persistentEntity.getRequiredTypeName();
		if (id == null) {
			throw new InvalidDataAccessApiUsageException("The id of a %s must not be null".formatted(typeName));
		}
		String idString = converter.idToString(id);
		if (idString.isEmpty()) {
			throw new InvalidDataAccessApiUsageException("The id of a %s must not be empty".formatted(typeName));
		}
		String tenant = tenant();
		String description = typeName + " '" + idString + "'";
		return new EntityTarget(persistentEntity, tenant, typeName, idString,
				ItemKeys.partitionKey(tenant, typeName, idString, description));
	}

	private String typeName(Class<?> type) {
		return requiredEntity(type).getRequiredTypeName();
	}

	private String tenant() {
		if (tenantResolver == null) {
			return DEFAULT_TENANT;
		}
		String tenant = tenantResolver.currentTenant();
		if (tenant == null || tenant.isEmpty()) {
			throw new InvalidDataAccessApiUsageException("The TenantResolver returned no tenant");
		}
		return tenant;
	}

	private DynaminiPersistentEntity<?> requiredEntity(Class<?> type) {
		Assert.notNull(type, "type must not be null");
		try {
			DynaminiPersistentEntity<?> entity = mappingContext.getRequiredPersistentEntity(type);
			entity.getRequiredTypeName();
			return entity;
		}
		catch (MappingException ex) {
			throw new InvalidDataAccessApiUsageException(ex.getMessage(), ex);
		}
	}

	private static @Nullable Long versionOf(DynaminiPersistentEntity<?> entity, Object bean) {
		DynaminiPersistentProperty property = entity.getRequiredVersionProperty();
		Object value = entity.getPropertyAccessor(bean).getProperty(property);
		return value == null ? null : ((Number) value).longValue();
	}

	private <T> T withVersion(T bean, DynaminiPersistentEntity<?> entity, long version) {
		return converter.setProperty(bean, entity.getRequiredVersionProperty(), version);
	}

	private <T> T assignIdIfMissing(T bean, DynaminiPersistentEntity<?> entity) {
		DynaminiPersistentProperty idProperty = entity.getRequiredIdProperty();
		if (entity.getIdentifierAccessor(bean).getIdentifier() != null) {
			return bean;
		}
		if (idProperty.getType() != String.class) {
			throw new InvalidDataAccessApiUsageException(
					"The id of a %s must be set before saving; only String ids are generated"
						.formatted(entity.getRequiredTypeName()));
		}
		return converter.setProperty(bean, idProperty, ulids.create(clock.millis()).toString());
	}

	private Ulid nextUlid(@Nullable Ulid predecessor) {
		return RevisionUlids.next(predecessor, clock.millis());
	}

	/** Remembers the newest revision this template wrote of an entity (a hint; bounded, never trusted). */
	private void written(EntityTarget target, Ulid ulid) {
		if (recentHeads.size() >= RECENT_HEADS_LIMIT) {
			recentHeads.clear();
		}
		recentHeads.put(target.pk(), ulid);
	}

	private static void backOff(int attempt) {
		Backoff.sleep(attempt, 2, 100);
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

	private <R> R execute(EntityTarget target, String action, Function<DynamoDbClient, R> call) {
		return execute(action + " of " + target.describe(), call);
	}

	private <R> R execute(String context, Function<DynamoDbClient, R> call) {
		return executor.execute(context, call);
	}

	/**
	 * Collects a {@link DynaminiTemplate}'s settings.
	 */
	public static final class Builder {

		private @Nullable DynamoDbClient client;

		private @Nullable String tableName;

		private @Nullable DynaminiMappingContext mappingContext;

		private @Nullable TenantResolver tenantResolver;

		private Clock clock = Clock.systemUTC();

		private boolean consistentRead = true;

		private int maxUpdateAttempts = DEFAULT_MAX_UPDATE_ATTEMPTS;

		private Builder() {
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

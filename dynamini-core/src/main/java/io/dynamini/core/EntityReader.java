package io.dynamini.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.data.history.RevisionSort;
import org.springframework.data.history.Revisions;
import org.springframework.data.support.PageableExecutionUtils;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one entity's own items: its latest item, its history by page, by number and as of an instant. Every
 * read is a request of {@link RequestFactory} sent through {@link SdkExecutor}; what the table holds is decoded
 * through {@link StoredData}, so malformed data is a {@code DataRetrievalFailureException}.
 */
final class EntityReader {

	private static final Instant LAST_ULID_INSTANT = Instant.ofEpochMilli(Ulid.MAX.getTime());

	private final SdkExecutor executor;

	private final RequestFactory requests;

	private final DynaminiEntityConverter converter;

	private final LifecycleCallbacks callbacks;

	private final PropertyChanges propertyChanges;

	private final Clock clock;

	EntityReader(SdkExecutor executor, RequestFactory requests, DynaminiEntityConverter converter,
			LifecycleCallbacks callbacks, Clock clock) {
		this.clock = clock;
		this.callbacks = callbacks;
		this.propertyChanges = new PropertyChanges(converter::readPlain);
		this.executor = executor;
		this.requests = requests;
		this.converter = converter;
	}

	/** @return the latest item, or {@code null} if there is none */
	@Nullable LatestItem latest(EntityTarget target) {
		DynaminiTransaction transaction = DynaminiTransaction.current(executor.client());
		if (transaction != null) {
			LatestItem buffered = transaction.latest(target);
			if (buffered != null && !transaction.unsettled(target)) {
				return buffered;
			}
			Optional<LatestItem> read = transaction.read(target);
			if (buffered == null && read != null) {
				return read.orElse(null);
			}
		}
		Map<String, AttributeValue> item = executor.execute("read of " + target.describe(),
				dynamo -> dynamo.getItem(requests.latest(target)).item());
		LatestItem latest = StoredData.decode(() -> "read of " + target.describe(), () -> LatestItem.from(item));
		if (transaction != null) {
			transaction.remember(target, latest);
			if (transaction.unsettled(target)) {
				// the transaction wrote the entity without knowing what was stored: now it does, and plans its write
				// as the commit would (a new entity over a deleted, purged or expired one)
				transaction.settle(target, latest);
				return transaction.latest(target);
			}
		}
		return latest;
	}

	/**
	 * @return the ULID of the newest revision item stored under the entity's key, of any history (an expired
	 * predecessor's leftovers included), or {@code null} if there is none; one Query of one key
	 */
	@Nullable Ulid newestRevision(EntityTarget target) {
		List<Map<String, AttributeValue>> items = executor.execute("read of the newest revision of " + target.describe(),
				dynamo -> dynamo.query(requests.newestRevisionKey(target)).items());
		return items.isEmpty() ? null
				: StoredData.decode(() -> "read of the newest revision of " + target.describe(), () -> ulidOf(items.get(0)));
	}

	/** @return whether a Spring-managed dynamini transaction is bound to this thread */
	boolean inTransaction() {
		return DynaminiTransaction.current(executor.client()) != null;
	}

	/**
	 * Reads the entity by id: one GetItem of the latest item's version, state and flags (within a transaction, as
	 * the transaction sees it).
	 *
	 * @return the entity, or empty if it is absent, deleted, being purged, erased or expired at {@code nowMillis}
	 */
	<T> Optional<T> findById(EntityTarget target, Class<T> type, long nowMillis) {
		if (DynaminiTransaction.current(executor.client()) != null) {
			LatestItem latest = latest(target);
			return latest == null || !latest.visible(nowMillis) ? Optional.empty()
					: Optional.of(read(target, type, latest.state(), latest.version()));
		}
		String context = "read of " + target.describe();
		Map<String, AttributeValue> item = executor.execute(context,
				dynamo -> dynamo.getItem(requests.latestState(target)).item());
		if (item == null || !item.containsKey(TableLayout.VERSION) || item.containsKey(TableLayout.DELETED)
				|| item.containsKey(TableLayout.PURGING) || item.containsKey(TableLayout.ERASED)) {
			return Optional.empty();
		}
		Long expiresAt = StoredData.decode(() -> context, () -> LatestItem.expiresAt(item));
		if (expiresAt != null && expiresAt <= nowMillis) {
			return Optional.empty();
		}
		long version = StoredData.decode(() -> context, () -> Long.parseLong(item.get(TableLayout.VERSION).n()));
		return Optional.of(read(target, type, stateOf(item), version));
	}

	/**
	 * @return the latest item's version and flags only (an empty map if there is none); within a transaction, as the
	 * transaction sees it (its own writes and what it read), like every other read by id
	 */
	Map<String, AttributeValue> latestFlags(EntityTarget target, String action) {
		if (DynaminiTransaction.current(executor.client()) != null) {
			LatestItem latest = latest(target);
			return latest == null ? Map.of() : latest.flags();
		}
		Map<String, AttributeValue> item = executor.execute(action + " of " + target.describe(),
				dynamo -> dynamo.getItem(requests.latestFlags(target)).item());
		return item == null ? Map.of() : item;
	}

	/** @return the entity as the bound transaction left it, if it wrote it */
	private @Nullable LatestItem buffered(EntityTarget target) {
		DynaminiTransaction transaction = DynaminiTransaction.current(executor.client());
		return transaction == null ? null : transaction.latest(target);
	}

	<T> T read(EntityTarget target, Class<T> type, Map<String, AttributeValue> state, long version) {
		T entity = StoredData.decode(() -> "read of " + target.describe(), () -> converter.read(type, state, version));
		return callbacks.afterConvert(entity, state);
	}

	<T> Optional<T> asOf(EntityTarget target, Class<T> type, Instant instant) {
		if (instant.isBefore(Instant.EPOCH)) {
			return Optional.empty();
		}
		// every instant is valid: past the last ULID millisecond (year 10889) means "the newest revision"
		long millis = instant.isAfter(LAST_ULID_INSTANT) ? Ulid.MAX.getTime() : instant.toEpochMilli();
		if (target.expiring()) {
			ExpiringHistory history = expiringHistory(target);
			Map<String, AttributeValue> found = null;
			for (Map<String, AttributeValue> item : history.items()) {
				if (ulidOf(item).getTime() <= millis) {
					found = item;
				}
			}
			if (found == null || !history.readable(found)) {
				return Optional.empty();
			}
			Revision<Long, T> revision = toRevision(target, type, found);
			return revision.getMetadata().getRevisionType() == RevisionType.DELETE ? Optional.empty()
					: Optional.of(revision.getEntity());
		}
		List<Map<String, AttributeValue>> items = executor.execute("findByIdAsOf of " + target.describe(),
				dynamo -> dynamo.query(requests.asOf(target, millis)).items());
		if (items.isEmpty()) {
			return Optional.empty();
		}
		Revision<Long, T> revision = toRevision(target, type, items.get(0));
		if (target.retention().isLimited() && revision.getRequiredRevisionNumber() <= span(target).base()) {
			// dropped by history retention: what the entity was at that instant is no longer known
			return Optional.empty();
		}
		return revision.getMetadata().getRevisionType() == RevisionType.DELETE ? Optional.empty()
				: Optional.of(revision.getEntity());
	}

	<T> Revisions<Long, T> revisions(EntityTarget target, Class<T> type) {
		List<Revision<Long, T>> revisions = new ArrayList<>();
		if (target.expiring()) {
			ExpiringHistory history = expiringHistory(target);
			for (Map<String, AttributeValue> item : history.items()) {
				if (history.readable(item)) {
					revisions.add(toRevision(target, type, item));
				}
			}
		}
		else {
			long dropped = target.retention().isLimited() ? span(target).base() : 0;
			for (Map<String, AttributeValue> item : executor.queryAll("findRevisions of " + target.describe(),
					requests.history(target))) {
				Revision<Long, T> revision = toRevision(target, type, item);
				if (revision.getRequiredRevisionNumber() > dropped) {
					revisions.add(revision);
				}
			}
		}
		LatestItem buffered = buffered(target);
		if (buffered != null) {
			// the transaction's own write of the entity: one revision, replacing none of those stored
			revisions.add(Revision.of(new DynaminiRevisionMetadata(buffered.version(), buffered.head().getInstant(),
					buffered.type(), buffered.author()), read(target, type, buffered.state(), buffered.version())));
		}
		return Revisions.of(revisions);
	}

	<T> Page<Revision<Long, T>> revisions(EntityTarget target, Class<T> type, Pageable pageable) {
		String context = "findRevisions of " + target.describe();
		if (pageable.isUnpaged() || buffered(target) != null || target.expiring()) {
			// unpaged, or within a transaction that wrote the entity: the whole history with the buffered revision
			List<Revision<Long, T>> all = revisions(target, type).getContent();
			if (RevisionSort.getRevisionDirection(pageable.getSort()).isDescending()) {
				all = new ArrayList<>(all);
				Collections.reverse(all);
			}
			if (pageable.isUnpaged()) {
				return new PageImpl<>(all, pageable, all.size());
			}
			// (types with an @ExpiresAt read their whole history: which revisions are readable depends on each one)
			int from = (int) Math.min(all.size(), pageable.getOffset());
			return new PageImpl<>(all.subList(from, Math.min(all.size(), from + pageable.getPageSize())), pageable,
					all.size());
		}
		long offset = pageable.getOffset();
		int size = pageable.getPageSize();
		boolean ascending = RevisionSort.getRevisionDirection(pageable.getSort()) == Sort.Direction.ASC;
		boolean retained = target.retention().isLimited();
		if (offset == 0 && ascending && !retained) {
			// the latest item sorts first in the partition, revisions follow in ULID (= revision) order: one Query
			// returns the number of revisions and the oldest page
			long total = 0;
			List<Revision<Long, T>> content = new ArrayList<>();
			for (Map<String, AttributeValue> item : executor.queryUpTo(context, requests.partition(target, size),
					size + 1)) {
				if (TableLayout.LATEST_SORT_KEY.equals(item.get(TableLayout.SORT_KEY).s())) {
					LatestItem latest = StoredData.decode(() -> context, () -> LatestItem.from(item));
					total = latest == null ? 0 : latest.revisionCount();
				}
				else if (content.size() < size) {
					content.add(toRevision(target, type, item));
				}
			}
			return new PageImpl<>(total == 0 ? List.of() : content, pageable, total);
		}
		if (offset == 0 && !retained) {
			// newest first: one Query on the table (+1 GetItem for the total of a full page)
			List<Revision<Long, T>> content = executor
				.queryUpTo(context, requests.newestRevisions(target, size), size)
				.stream()
				.map(item -> toRevision(target, type, item))
				.toList();
			return PageableExecutionUtils.getPage(content, pageable, () -> span(target).count());
		}
		RevisionSpan span = span(target);
		if (ascending) {
			List<Revision<Long, T>> content = span.count() <= offset ? List.of()
					: range(target, type, span.base() + offset + 1, span.base() + offset + size);
			return new PageImpl<>(content, pageable, span.count());
		}
		long total = span.count();
		long to = total - offset;
		if (to < 1) {
			return new PageImpl<>(List.of(), pageable, total);
		}
		List<Revision<Long, T>> content = new ArrayList<>(
				range(target, type, span.base() + Math.max(1, to - size + 1), span.base() + to));
		Collections.reverse(content);
		return new PageImpl<>(content, pageable, total);
	}

	<T> Optional<Revision<Long, T>> revision(EntityTarget target, Class<T> type, long revisionNumber) {
		if (revisionNumber < 1) {
			return Optional.empty();
		}
		LatestItem buffered = buffered(target);
		if (buffered != null && buffered.version() == revisionNumber) {
			return Optional.of(Revision.of(new DynaminiRevisionMetadata(buffered.version(), buffered.head().getInstant(),
					buffered.type(), buffered.author()), read(target, type, buffered.state(), buffered.version())));
		}
		if (target.expiring()) {
			return revisions(target, type).stream()
				.filter(revision -> revision.getRequiredRevisionNumber() == revisionNumber)
				.findFirst();
		}
		if (target.retention().isLimited() && revisionNumber <= span(target).base()) {
			return Optional.empty();
		}
		// one Query of rev-index: DynamoDB fetches the item's other attributes from the table
		return executor.queryUpTo("findRevision of " + target.describe(), requests.revisionByNumber(target, revisionNumber), 1)
			.stream()
			.findFirst()
			.map(item -> toRevision(target, type, item));
	}

	/**
	 * What changed from revision {@code from} to {@code to} ({@code 0}: before the first); one Query per revision.
	 *
	 * @throws EmptyResultDataAccessException if a revision is not stored
	 */
	List<PropertyChange> changes(EntityTarget target, long from, long to) {
		if (from == to) {
			return List.of();
		}
		if (target.expiring()) {
			Map<Long, Map<String, AttributeValue>> readable = new HashMap<>();
			ExpiringHistory history = expiringHistory(target);
			for (Map<String, AttributeValue> item : history.items()) {
				if (history.readable(item)) {
					readable.put(revisionOf(item), stateOf(item));
				}
			}
			for (long revision : new long[] { from, to }) {
				if (revision != 0 && !readable.containsKey(revision)) {
					throw new EmptyResultDataAccessException("Revision %d of %s is not readable (never written, expired, or erased)"
						.formatted(revision, target.describe()), 1);
				}
			}
			return propertyChanges.between(from == 0 ? Map.of() : readable.get(from), to == 0 ? Map.of() : readable.get(to));
		}
		if (target.retention().isLimited()) {
			long dropped = span(target).base();
			long older = Math.min(from, to);
			if (older != 0 && older <= dropped) {
				throw new EmptyResultDataAccessException(("Revision %d of %s is no longer readable: its history "
						+ "retention (%s) dropped revisions up to %d").formatted(older, target.describe(),
								describe(target.retention()), dropped), 1);
			}
		}
		return propertyChanges.between(storedState(target, from), storedState(target, to));
	}

	private Map<String, AttributeValue> storedState(EntityTarget target, long revision) {
		if (revision == 0) {
			return Map.of();
		}
		return state(target, revision)
			.orElseThrow(() -> new EmptyResultDataAccessException(
					"Revision %d of %s is not stored (never written, or erased by a purge)".formatted(revision,
							target.describe()), 1));
	}

	/**
	 * The stored state of revision {@code number} (one Query); empty if it is not stored (never written, or erased).
	 */
	Optional<Map<String, AttributeValue>> state(EntityTarget target, long number) {
		List<Map<String, AttributeValue>> items = executor.queryUpTo("findChanges of " + target.describe(),
				requests.revisionByNumber(target, number), 1);
		return items.stream().findFirst().map(EntityReader::stateOf);
	}

	private static Map<String, AttributeValue> stateOf(Map<String, AttributeValue> item) {
		AttributeValue state = item.get(TableLayout.STATE);
		return state == null || state.type() != AttributeValue.Type.M ? Map.of() : state.m();
	}

	private static long revisionOf(Map<String, AttributeValue> item) {
		return Long.parseLong(item.get(TableLayout.REVISION).n());
	}

	private static Ulid ulidOf(Map<String, AttributeValue> item) {
		return Ulid.from(item.get(TableLayout.SORT_KEY).s().substring(TableLayout.HISTORY_PREFIX.length()));
	}

	/**
	 * The history of an entity of a type with an {@code @ExpiresAt}, read whole (1 GetItem + 1 Query per 1 MB):
	 * nothing if the entity is absent or expired; otherwise its current history's revisions (after its base and its
	 * generation start, so an expired predecessor's leftovers never show), each readable while the expiry it was
	 * written with has not come and history retention keeps it.
	 */
	private ExpiringHistory expiringHistory(EntityTarget target) {
		String context = "read of the history of " + target.describe();
		long now = clock.millis();
		LatestItem latest = latest(target);
		if (latest == null || !latest.hasHistory() || latest.expired(now)) {
			return new ExpiringHistory(List.of(), item -> false);
		}
		Ulid start = latest.generationStart();
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		StoredData.decode(() -> context, () -> {
			for (Map<String, AttributeValue> item : executor.queryAll(context, requests.history(target))) {
				if (revisionOf(item) > latest.base() && (start == null || ulidOf(item).compareTo(start) >= 0)) {
					items.add(item);
				}
			}
			return null;
		});
		// the span from the latest item just read and the revision current at the cutoff from this history's own
		// items: a predecessor's leftovers never count (no second read either)
		long dropped = latest.base();
		HistoryRetention retention = target.retention();
		if (retention.isLimited() && latest.version() > latest.base()) {
			Instant cutoff = retention.cutoff(clock.instant());
			Long atCutoff = null;
			for (Map<String, AttributeValue> item : items) {
				if (cutoff != null && ulidOf(item).getTime() <= cutoff.toEpochMilli()) {
					atCutoff = revisionOf(item);
				}
			}
			dropped = retention.oldestReadable(latest.version(), latest.base(), atCutoff) - 1;
		}
		long droppedUpTo = dropped;
		return new ExpiringHistory(items, item -> {
			Long expiresAt = LatestItem.expiresAt(item);
			return revisionOf(item) > droppedUpTo && (expiresAt == null || expiresAt > now);
		});
	}

	/**
	 * @param items the current history's revision items, oldest first
	 * @param readable which of them a reader may see
	 */
	private record ExpiringHistory(List<Map<String, AttributeValue>> items,
			Predicate<Map<String, AttributeValue>> readable) {

		boolean readable(Map<String, AttributeValue> item) {
			return readable.test(item);
		}
	}

	<T> Optional<Revision<Long, T>> lastChange(EntityTarget target, Class<T> type) {
		LatestItem latest = latest(target);
		if (latest == null || !latest.hasHistory() || latest.expired(clock.millis())) {
			return Optional.empty();
		}
		Revision<Long, T> revision = StoredData.decode(() -> "findLastChangeRevision of " + target.describe(),
				() -> latest.toRevision(type, converter));
		return Optional.of(Revision.of(revision.getMetadata(), callbacks.afterConvert(revision.getEntity(), latest.state())));
	}

	/**
	 * Revisions {@code from..to}, oldest first: the keys from {@code rev-index} (keys only, so an item and its index
	 * entry stay within DynamoDB's 400 KB), then the items themselves with BatchGetItem.
	 */
	private <T> List<Revision<Long, T>> range(EntityTarget target, Class<T> type, long from, long to) {
		String context = "findRevisions of " + target.describe();
		List<Map<String, AttributeValue>> keys = new ArrayList<>();
		for (Map<String, AttributeValue> item : executor.queryAll(context, requests.revisionKeys(target, from, to))) {
			keys.add(Map.of(TableLayout.PARTITION_KEY, item.get(TableLayout.PARTITION_KEY), TableLayout.SORT_KEY,
					item.get(TableLayout.SORT_KEY)));
		}
		List<Revision<Long, T>> revisions = new ArrayList<>(keys.size());
		for (Map<String, AttributeValue> item : executor.batchGet(context, requests.tableName(), keys,
				requests.consistentRead())) {
			revisions.add(toRevision(target, type, item));
		}
		revisions.sort(Comparator.comparing(Revision::getRequiredRevisionNumber));
		return revisions;
	}

	private static String describe(HistoryRetention retention) {
		List<String> parts = new ArrayList<>();
		if (retention.retain() != null) {
			parts.add("retainHistory " + retention.retain());
		}
		if (retention.keepRevisions() > 0) {
			parts.add("keepRevisions " + retention.keepRevisions());
		}
		return String.join(", ", parts);
	}

	/**
	 * The readable revisions' numbers: {@code base+1..version} ({@code count} of them); those up to {@code base}
	 * were erased by a purge or dropped by history retention.
	 */
	record RevisionSpan(long base, long version) {

		long count() {
			return version - base;
		}
	}

	private RevisionSpan span(EntityTarget target) {
		Map<String, AttributeValue> item = latestFlags(target, "findRevisions");
		if (!item.containsKey(TableLayout.VERSION) || item.containsKey(TableLayout.PURGING)
				|| item.containsKey(TableLayout.ERASED)) {
			return new RevisionSpan(0, 0);
		}
		RevisionSpan stored = StoredData.decode(() -> "findRevisions of " + target.describe(), () -> {
			AttributeValue base = item.get(TableLayout.BASE);
			return new RevisionSpan(base == null ? 0 : Long.parseLong(base.n()),
					Long.parseLong(item.get(TableLayout.VERSION).n()));
		});
		return retained(target, stored);
	}

	/** @return {@code stored} without the revisions history retention dropped (+1 Query with a time limit) */
	private RevisionSpan retained(EntityTarget target, RevisionSpan stored) {
		HistoryRetention retention = target.retention();
		if (!retention.isLimited() || stored.count() == 0) {
			return stored;
		}
		Instant cutoff = retention.cutoff(clock.instant());
		Long atCutoff = cutoff == null ? null : revisionAt(target, cutoff);
		return new RevisionSpan(retention.oldestReadable(stored.version(), stored.base(), atCutoff) - 1,
				stored.version());
	}

	/** @return the number of the newest revision written at or before {@code instant}, or {@code null} if none */
	private @Nullable Long revisionAt(EntityTarget target, Instant instant) {
		if (instant.isBefore(Instant.EPOCH)) {
			return null;
		}
		List<Map<String, AttributeValue>> items = executor.execute("findRevisions of " + target.describe(),
				dynamo -> dynamo.query(requests.asOf(target, instant.toEpochMilli())).items());
		return items.isEmpty() ? null
				: StoredData.decode(() -> "findRevisions of " + target.describe(),
						() -> Long.parseLong(items.get(0).get(TableLayout.REVISION).n()));
	}

	private <T> Revision<Long, T> toRevision(EntityTarget target, Class<T> type, Map<String, AttributeValue> item) {
		Revision<Long, T> read = StoredData.decode(() -> "read of a revision of " + target.describe(), () -> {
			long revision = Long.parseLong(item.get(TableLayout.REVISION).n());
			Ulid ulid = Ulid.from(item.get(TableLayout.SORT_KEY).s().substring(TableLayout.HISTORY_PREFIX.length()));
			AttributeValue state = item.get(TableLayout.STATE);
			T entity = converter.read(type, state == null ? Map.of() : state.m(), revision);
			AttributeValue author = item.get(TableLayout.AUTHOR);
			return Revision.of(new DynaminiRevisionMetadata(revision, ulid.getInstant(),
					RevisionTypes.fromCode(item.get(TableLayout.TYPE)), author == null ? null : author.s()), entity);
		});
		AttributeValue state = item.get(TableLayout.STATE);
		return Revision.of(read.getMetadata(), callbacks.afterConvert(read.getEntity(), state == null ? Map.of() : state.m()));
	}
}

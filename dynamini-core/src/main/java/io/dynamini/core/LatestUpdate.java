package io.dynamini.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Builds the conditional update of an existing latest item: the condition is the optimistic lock (expected
 * version, expected state, not being purged) plus "the newest revision lies in an earlier millisecond". Keeps what
 * it assigns apart from its header (condition, version, head, type), so that a transaction can fold two writes of
 * one entity into one ({@link #rebasedOn}).
 */
final class LatestUpdate implements WriteRequests.LatestWrite {

	/** Pending lists of each length at their largest, for the size bound (built once per length). */
	private static final Map<Integer, AttributeValue> LONGEST_PENDING = new ConcurrentHashMap<>();

	private final String tableName;

	private final DynaminiEntityConverter converter;

	private final EntityTarget target;

	private final long expectedVersion;

	private final WriteRequests.Expect expect;

	private final long revision;

	private final Ulid ulid;

	private final RevisionType type;

	/** attribute to the value this update gives it (in order) */
	private final Map<String, AttributeValue> assigned = new LinkedHashMap<>();

	/** attribute to the attribute whose value it takes */
	private final Map<String, String> copied = new LinkedHashMap<>();

	private final Set<String> removed = new LinkedHashSet<>();

	/** The latest item's pending list before this write, if the writer knows it (history retention). */
	private @Nullable List<Ulid> knownPending;

	private HistoryRetention.@Nullable Marking marking;

	/** Revisions whose marks found their items gone (DynamoDB's TTL deleted them first): marked enough. */
	private final Set<Ulid> gone = new HashSet<>();

	/** The entity's {@code @ExpiresAt} after this write (epoch milliseconds), or {@code null}. */
	private @Nullable Long expiresAt;

	LatestUpdate(String tableName, DynaminiEntityConverter converter, EntityTarget target, long expectedVersion,
			WriteRequests.Expect expect, long revision, Ulid ulid, RevisionType type) {
		this.tableName = tableName;
		this.converter = converter;
		this.target = target;
		this.expectedVersion = expectedVersion;
		this.expect = expect;
		this.revision = revision;
		this.ulid = ulid;
		this.type = type;
		if (expect == WriteRequests.Expect.ERASED) {
			remove(TableLayout.ERASED);
			set(TableLayout.ENTITY_TYPE, AttributeValue.fromS(target.typeName()));
		}
		if (expect == WriteRequests.Expect.EXPIRED) {
			// a new history under the expired entity's id: its numbers continue, its revisions stay hidden
			set(TableLayout.BASE, AttributeValue.fromN(Long.toString(expectedVersion)));
		}
		if (target.expiring() && (expect == WriteRequests.Expect.EXPIRED || expect == WriteRequests.Expect.ERASED)) {
			set(TableLayout.GENERATION_START, AttributeValue.fromS(ulid.toString()));
		}
	}

	/**
	 * @return this update's assignments under the header (condition, revision, ULID) of {@code first}, an earlier
	 * write of the same entity in the same transaction: the two become one revision
	 */
	LatestUpdate rebasedOn(LatestUpdate first, RevisionType foldedType) {
		LatestUpdate folded = new LatestUpdate(tableName, converter, target, first.expectedVersion, first.expect,
				first.revision, first.ulid, foldedType);
		folded.removed.addAll(first.removed);
		folded.assigned.putAll(first.assigned);
		folded.copied.putAll(first.copied);
		folded.expiresAt = expiresAt;
		// the pending list as it was before the first write, whose header the folded write keeps
		folded.knownPending = first.knownPending;
		for (String attribute : removed) {
			folded.remove(attribute);
		}
		assigned.forEach(folded::set);
		copied.forEach(folded::copy);
		return folded;
	}

	/**
	 * Sets or clears the entity's expiry ({@code @ExpiresAt}, epoch milliseconds) on the latest item; the revision
	 * item gets it as its TTL ({@link WriteRequests#transaction}).
	 */
	LatestUpdate expiring(@Nullable Long expiresAt) {
		if (!target.expiring()) {
			return this;
		}
		this.expiresAt = expiresAt;
		if (expiresAt == null) {
			remove(TableLayout.EXPIRES_AT);
			remove(TableLayout.TIME_TO_LIVE);
		}
		else {
			set(TableLayout.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
			set(TableLayout.TIME_TO_LIVE, WriteRequests.timeToLive(expiresAt));
		}
		return this;
	}

	@Override
	public @Nullable Long expiresAt() {
		return expiresAt;
	}

	/**
	 * Tells the update the latest item's list of revisions not yet marked for deletion (history retention), as the
	 * writer read it at {@link #expectedVersion()}; {@code null} if it does not know it. An update that knows it marks
	 * what retention drops in the same transaction; one that does not appends to the list.
	 */
	LatestUpdate pending(@Nullable List<Ulid> pending) {
		this.knownPending = pending;
		this.marking = null;
		this.gone.clear();
		return this;
	}

	/**
	 * Drops the marks of revisions whose items no longer exist: DynamoDB's TTL deleted them (their own
	 * {@code @ExpiresAt}) before any write marked them. They need no mark; the pending list leaves them out all the same.
	 */
	void forgetMarks(Set<Ulid> deleted) {
		gone.addAll(deleted);
	}

	private HistoryRetention.@Nullable Marking marking() {
		if (knownPending == null || !target.retention().isLimited()) {
			return null;
		}
		if (marking == null) {
			marking = target.retention().marking(knownPending, expectedVersion, ulid);
		}
		return marking;
	}

	@Override
	public List<TransactWriteItem> marks() {
		HistoryRetention.Marking known = marking();
		if (known == null) {
			return List.of();
		}
		return marksToSend(known).stream().map(mark -> WriteRequests.markExpiring(tableName, target, mark)).toList();
	}

	/** @return the revisions whose marks this write sends, in the order of {@link #marks()} */
	@Override
	public List<Ulid> markedRevisions() {
		HistoryRetention.Marking known = marking();
		return known == null ? List.of() : marksToSend(known).stream().map(HistoryRetention.Mark::revision).toList();
	}

	private List<HistoryRetention.Mark> marksToSend(HistoryRetention.Marking known) {
		return known.marks().stream().filter(mark -> !gone.contains(mark.revision())).toList();
	}

	@Override
	public @Nullable List<Ulid> pendingAfter(boolean standalone) {
		HistoryRetention.Marking known = standalone ? marking() : null;
		return known == null ? null : known.pendingAfter();
	}

	long expectedVersion() {
		return expectedVersion;
	}

	@Override
	public @Nullable Long base(@Nullable LatestItem before) {
		AttributeValue base = assigned.get(TableLayout.BASE);
		if (base != null) {
			return Long.parseLong(base.n());
		}
		return before == null ? null : before.base();
	}

	@Override
	public @Nullable Ulid generationStart(@Nullable LatestItem before) {
		AttributeValue start = assigned.get(TableLayout.GENERATION_START);
		if (start != null) {
			return Ulid.from(start.s());
		}
		return before == null ? null : before.generationStart();
	}

	/** @return whether {@code item} is in the state this update expects (its version aside) */
	boolean expects(LatestItem item) {
		return switch (expect) {
			case LIVE -> item.live();
			case DELETED -> item.deleted() && !item.purging() && !item.erased();
			case ERASED -> item.erased();
			case EXPIRED -> item.expired(ulid.getTime()) && !item.purging() && !item.erased();
		};
	}

	LatestUpdate state(Map<String, AttributeValue> state) {
		set(TableLayout.STATE, AttributeValue.fromM(state));
		return this;
	}

	/** Puts the entity back into the live listing; a non-null {@code created} also restarts its creation order. */
	LatestUpdate listed(@Nullable Ulid created) {
		set(TableLayout.TYPE_PARTITION_KEY,
				AttributeValue.fromS(ItemKeys.typePartitionKey(target.tenant(), target.typeName(), false)));
		if (created != null) {
			set(TableLayout.TYPE_SORT_KEY, AttributeValue.fromS(created.toString()));
		}
		remove(TableLayout.DELETED);
		return this;
	}

	/**
	 * Writes the entity's generic index keys for {@code state}; {@code created} is the creation ULID when it
	 * changes in this update, {@code null} to keep the stored one.
	 */
	LatestUpdate indexed(Map<String, AttributeValue> state, @Nullable Ulid created) {
		return indexed(state, created, false);
	}

	/** Moves the entity's generic index keys to the deleted partitions. */
	LatestUpdate indexedAsDeleted(Map<String, AttributeValue> state) {
		return indexed(state, null, true);
	}

	private LatestUpdate indexed(Map<String, AttributeValue> state, @Nullable Ulid created, boolean deleted) {
		IndexAttributes.forEach(target.entity(), target.tenant(), target.typeName(), state, deleted, converter,
				(index, partitionKey, sortKey) -> {
					String pk = TableLayout.genericPartitionKey(index.slot());
					String sk = TableLayout.genericSortKey(index.slot());
					if (partitionKey == null) {
						remove(pk);
						remove(sk);
						return;
					}
					set(pk, AttributeValue.fromS(partitionKey));
					if (sortKey != null || created != null) {
						set(sk, AttributeValue.fromS(sortKey != null ? sortKey : created.toString()));
					}
					else {
						copy(sk, TableLayout.TYPE_SORT_KEY);
					}
				});
		return this;
	}

	LatestUpdate markDeleted() {
		set(TableLayout.DELETED, WriteRequests.TRUE);
		set(TableLayout.TYPE_PARTITION_KEY,
				AttributeValue.fromS(ItemKeys.typePartitionKey(target.tenant(), target.typeName(), true)));
		return this;
	}

	private void set(String attribute, AttributeValue value) {
		removed.remove(attribute);
		copied.remove(attribute);
		assigned.put(attribute, value);
	}

	private void copy(String attribute, String source) {
		removed.remove(attribute);
		assigned.remove(attribute);
		copied.put(attribute, source);
	}

	private void remove(String attribute) {
		assigned.remove(attribute);
		copied.remove(attribute);
		removed.add(attribute);
	}

	/**
	 * For types with an {@code @ExpiresAt}: a live or deleted entity must not have expired (at the new revision's
	 * instant), an expired one must have.
	 */
	private String expiryCondition(Placeholders placeholders) {
		if (!target.expiring() || expect == WriteRequests.Expect.ERASED) {
			return "";
		}
		String expiresAt = placeholders.name(TableLayout.EXPIRES_AT);
		String now = placeholders.value(AttributeValue.fromN(Long.toString(ulid.getTime())));
		return expect == WriteRequests.Expect.EXPIRED ? " AND " + expiresAt + " <= " + now
				: " AND (attribute_not_exists(" + expiresAt + ") OR " + expiresAt + " > " + now + ")";
	}

	@Override
	public TransactWriteItem build(String token, @Nullable String author, boolean standalone) {
		Placeholders placeholders = new Placeholders();
		String pendingCondition = "";
		String pendingUpdate = null;
		if (target.retention().isLimited()) {
			String pending = placeholders.name(TableLayout.PENDING);
			HistoryRetention.Marking known = standalone ? marking() : null;
			if (known != null) {
				pendingUpdate = pending + " = " + placeholders.value(WriteRequests.ulidList(known.pendingAfter()));
				if (!knownPending.isEmpty()) {
					// the list belongs to the history whose head is its last ULID: after an expiry restarted the
					// numbers, a list remembered for the same version is another history's, and the write learns anew
					pendingCondition = " AND " + placeholders.name(TableLayout.HEAD) + " = "
							+ placeholders.value(AttributeValue.fromS(knownPending.get(knownPending.size() - 1).toString()));
				}
			}
			else {
				pendingUpdate = pending + " = list_append(if_not_exists(" + pending + ", "
						+ placeholders.value(AttributeValue.fromL(List.of())) + "), "
						+ placeholders.value(WriteRequests.ulidList(List.of(ulid))) + ")";
				// a writer that does not mark may not let it grow past the cap (inside a transaction too): refused,
				// it learns the list and marks
				pendingCondition = " AND (attribute_not_exists(" + pending + ") OR size(" + pending + ") < "
						+ placeholders.value(AttributeValue.fromN(Integer.toString(target.retention().pendingCap())))
						+ ")";
			}
		}
		Expression condition = placeholders.expression(placeholders.name(TableLayout.VERSION) + " = "
				+ placeholders.value(AttributeValue.fromN(Long.toString(expectedVersion))) + " AND "
				+ placeholders.name(TableLayout.HEAD) + " < "
				+ placeholders.value(AttributeValue.fromS(RevisionUlids.floor(ulid).toString()))
				+ " AND attribute_not_exists(" + placeholders.name(TableLayout.PURGING) + ") AND "
				+ expect.condition(placeholders) + expiryCondition(placeholders) + pendingCondition);
		List<String> set = new ArrayList<>();
		for (Map.Entry<String, AttributeValue> header : List.of(
				Map.entry(TableLayout.VERSION, AttributeValue.fromN(Long.toString(revision))),
				Map.entry(TableLayout.HEAD, AttributeValue.fromS(ulid.toString())),
				Map.entry(TableLayout.TYPE, RevisionTypes.toCode(type)),
				Map.entry(TableLayout.WRITE_TOKEN, AttributeValue.fromS(token)))) {
			set.add(placeholders.name(header.getKey()) + " = " + placeholders.value(header.getValue()));
		}
		assigned.forEach((attribute, value) -> set.add(placeholders.name(attribute) + " = " + placeholders.value(value)));
		copied.forEach((attribute, source) -> set.add(placeholders.name(attribute) + " = " + placeholders.name(source)));
		if (pendingUpdate != null) {
			set.add(pendingUpdate);
		}
		List<String> remove = new ArrayList<>(removed.stream().map(placeholders::name).toList());
		if (author != null) {
			set.add(placeholders.name(TableLayout.AUTHOR) + " = " + placeholders.value(AttributeValue.fromS(author)));
		}
		else {
			remove.add(placeholders.name(TableLayout.AUTHOR));
		}
		String expression = "SET " + String.join(", ", set)
				+ (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
		return TransactWriteItem.builder()
			.update(Update.builder()
				.tableName(tableName)
				.key(target.latestKey())
				.updateExpression(expression)
				.conditionExpression(condition.expression())
				.expressionAttributeNames(placeholders.names())
				.expressionAttributeValues(placeholders.values())
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
	}

	/**
	 * The latest item at its largest after this update: what the update assigns, plus what it keeps, each
	 * bookkeeping attribute at its longest (deleted type partition, a ULID, the base).
	 */
	@Override
	public Map<String, AttributeValue> sizingItem(String token, Map<String, AttributeValue> revisionState) {
		Map<String, AttributeValue> item = new HashMap<>(target.latestKey());
		item.put(TableLayout.ENTITY_TYPE, AttributeValue.fromS(target.typeName()));
		item.put(TableLayout.TYPE_PARTITION_KEY,
				AttributeValue.fromS(ItemKeys.typePartitionKey(target.tenant(), target.typeName(), true)));
		item.put(TableLayout.TYPE_SORT_KEY, AttributeValue.fromS(WriteRequests.ULID_SIZED));
		item.put(TableLayout.DELETED, WriteRequests.TRUE);
		item.put(TableLayout.BASE, AttributeValue.fromN(Long.toString(revision)));
		item.put(TableLayout.STATE, AttributeValue.fromM(revisionState));
		item.put(TableLayout.VERSION, AttributeValue.fromN(Long.toString(revision)));
		item.put(TableLayout.HEAD, AttributeValue.fromS(ulid.toString()));
		item.put(TableLayout.TYPE, RevisionTypes.toCode(type));
		item.putAll(assigned);
		copied.keySet().forEach(attribute -> item.put(attribute, AttributeValue.fromS(WriteRequests.ULID_SIZED)));
		item.put(TableLayout.WRITE_TOKEN, AttributeValue.fromS(token));
		if (target.retention().isLimited()) {
			int longest = Math.max(target.retention().pendingCap(), knownPending == null ? 0 : knownPending.size()) + 1;
			item.put(TableLayout.PENDING, LONGEST_PENDING.computeIfAbsent(longest,
					length -> WriteRequests.ulidList(Collections.nCopies(length, Ulid.MAX))));
		}
		return item;
	}
}

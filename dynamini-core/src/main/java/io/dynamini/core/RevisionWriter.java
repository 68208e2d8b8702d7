package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The one way dynamini writes: a {@code TransactWriteItems} of a conditional write of the latest item (the
 * optimistic lock) and a put of the new, immutable revision item. Builds both, sends them, recognises its own
 * write, and retries with backoff as the operation's {@link Attempts} decide from each {@link WriteOutcome}:
 * written, rejected by the condition (with the latest item as it was) or cancelled by a concurrent transaction.
 *
 * <p>Every write carries a random token, stored on both items: a write recognises its own earlier attempt (applied,
 * response lost) only by that token, which no other write can have.
 */
final class RevisionWriter {

	/** Entities whose newest revision a writer remembers as a hint for the next ULID. */
	private static final int RECENT_HEADS_LIMIT = 4096;

	/** DynamoDB's overhead per local secondary index entry, which counts against the item's 400 KB. */
	private static final int LOCAL_INDEX_ENTRY_OVERHEAD = 100;

	private static final String ULID_SIZED = Ulid.MAX.toString();

	private static final AttributeValue TRUE = AttributeValue.fromBool(true);

	private static final AttributeValue LATEST = AttributeValue.fromS(TableLayout.LATEST_SORT_KEY);

	private final String tableName;

	private final SdkExecutor executor;

	private final DynaminiEntityConverter converter;

	private final Map<String, Ulid> recentHeads = new ConcurrentHashMap<>();

	RevisionWriter(String tableName, SdkExecutor executor, DynaminiEntityConverter converter) {
		this.tableName = tableName;
		this.executor = executor;
		this.converter = converter;
	}

	/** What the latest item must be for a write to apply. */
	enum Expect {

		/** live: neither deleted, nor being purged, nor erased */
		LIVE("attribute_not_exists(#del) AND attribute_not_exists(#e)"),

		/** soft-deleted */
		DELETED("attribute_exists(#del)"),

		/** erased by a purge (a stub) */
		ERASED("attribute_exists(#e)");

		private final String condition;

		Expect(String condition) {
			this.condition = condition;
		}
	}

	/**
	 * Starts the conditional update of an existing latest item.
	 */
	LatestUpdate update(EntityTarget target, long expectedVersion, Expect expect, long revision, Ulid ulid,
			RevisionType type) {
		return new LatestUpdate(target, expectedVersion, expect, revision, ulid, type);
	}

	/**
	 * Writes a revision of {@code target}: asks {@code attempts} what to write, sends it, and asks again with what
	 * the attempt found, until a revision is written, the operation finishes without writing, or {@code maxAttempts}
	 * attempts were made ({@code gaveUp} is thrown). Backs off before an attempt that follows a contended one, or a
	 * rejected one unless the next plan adapted to what the rejection returned.
	 */
	<R> R write(EntityTarget target, String action, int maxAttempts, Supplier<RuntimeException> gaveUp,
			Attempts<R> attempts) {
		WriteOutcome previous = null;
		for (int attempt = 0; attempt < maxAttempts; attempt++) {
			Step<R> step = attempts.next(previous);
			if (step instanceof Step.Finish<R> finish) {
				return finish.result();
			}
			Step.Write<R> write = (Step.Write<R>) step;
			if (previous instanceof WriteOutcome.Contended || previous instanceof WriteOutcome.Rejected && !write.adapted()) {
				Backoff.sleep(attempt, 2, 100);
			}
			WriteOutcome outcome = send(target, action, write.plan());
			if (outcome instanceof WriteOutcome.Written) {
				rememberHead(target, write.plan().ulid());
				return write.result().get();
			}
			previous = outcome;
		}
		throw gaveUp.get();
	}

	/**
	 * @return the newest revision this writer wrote of the entity, if it remembers it: a hint for the next ULID
	 * (bounded, never trusted: the write condition decides)
	 */
	@Nullable Ulid recentHead(EntityTarget target) {
		return recentHeads.get(target.pk());
	}

	private void rememberHead(EntityTarget target, Ulid ulid) {
		if (recentHeads.size() >= RECENT_HEADS_LIMIT) {
			recentHeads.clear();
		}
		recentHeads.put(target.pk(), ulid);
	}

	/**
	 * Sends one transaction: the plan's write of the latest item and a put of the new revision item, both stamped
	 * with a fresh write token.
	 */
	private WriteOutcome send(EntityTarget target, String action, WritePlan plan) {
		long revision = plan.revision();
		Ulid ulid = plan.ulid();
		RevisionType type = plan.type();
		Map<String, AttributeValue> state = plan.state();
		LatestWrite latest = plan.latest();
		String token = UUID.randomUUID().toString();
		Map<String, AttributeValue> history = new HashMap<>();
		history.put(TableLayout.PARTITION_KEY, AttributeValue.fromS(target.pk()));
		history.put(TableLayout.SORT_KEY, AttributeValue.fromS(TableLayout.HISTORY_PREFIX + ulid));
		history.put(TableLayout.REVISION, AttributeValue.fromN(Long.toString(revision)));
		history.put(TableLayout.TYPE, RevisionTypes.toCode(type));
		history.put(TableLayout.ENTITY_TYPE, AttributeValue.fromS(target.typeName()));
		history.put(TableLayout.STATE, AttributeValue.fromM(state));
		history.put(TableLayout.WRITE_TOKEN, AttributeValue.fromS(token));
		checkSize(target, history, latest.sizingItem(token, state));
		TransactWriteItem historyPut = TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(tableName)
				.item(history)
				.conditionExpression("attribute_not_exists(#pk)")
				.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		String context = action + " of " + target.describe();
		TransactionCanceledException cancelled = executor.transact(context, List.of(latest.build(token), historyPut),
				token);
		if (cancelled == null) {
			return WriteOutcome.WRITTEN;
		}
		List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
				: List.of();
		for (CancellationReason reason : reasons) {
			if (isConditionFailure(reason) && reason.hasItem() && reason.item().containsKey(TableLayout.WRITE_TOKEN)
					&& token.equals(reason.item().get(TableLayout.WRITE_TOKEN).s())) {
				// an earlier attempt of this very request was applied and only its response was lost
				return WriteOutcome.WRITTEN;
			}
		}
		if (!reasons.isEmpty() && isConditionFailure(reasons.get(0))) {
			CancellationReason first = reasons.get(0);
			LatestItem current = StoredData.decode(context,
					() -> LatestItem.from(first.hasItem() ? first.item() : null));
			return new WriteOutcome.Rejected(current);
		}
		for (CancellationReason reason : reasons) {
			// a concurrent transaction, or another writer's revision under the same key: nothing written, try again
			if ("TransactionConflict".equals(reason.code()) || isConditionFailure(reason)) {
				return WriteOutcome.CONTENDED;
			}
		}
		throw executor.translate(cancelled, context);
	}

	private static boolean isConditionFailure(CancellationReason reason) {
		return "ConditionalCheckFailed".equals(reason.code());
	}

	/**
	 * The put of a new entity's first latest item, on the condition that none exists.
	 */
	LatestWrite newLatest(EntityTarget target, Ulid ulid, Map<String, AttributeValue> state) {
		Map<String, AttributeValue> item = new HashMap<>();
		item.put(TableLayout.PARTITION_KEY, AttributeValue.fromS(target.pk()));
		item.put(TableLayout.SORT_KEY, LATEST);
		item.put(TableLayout.VERSION, AttributeValue.fromN("1"));
		item.put(TableLayout.HEAD, AttributeValue.fromS(ulid.toString()));
		item.put(TableLayout.TYPE, RevisionTypes.toCode(RevisionType.INSERT));
		item.put(TableLayout.ENTITY_TYPE, AttributeValue.fromS(target.typeName()));
		item.put(TableLayout.STATE, AttributeValue.fromM(state));
		item.put(TableLayout.TYPE_PARTITION_KEY,
				AttributeValue.fromS(ItemKeys.typePartitionKey(target.tenant(), target.typeName(), false)));
		item.put(TableLayout.TYPE_SORT_KEY, AttributeValue.fromS(ulid.toString()));
		IndexAttributes.forEach(target.entity(), target.tenant(), target.typeName(), state, false, converter,
				(index, partitionKey, sortKey) -> {
					if (partitionKey != null) {
						item.put(TableLayout.genericPartitionKey(index.slot()), AttributeValue.fromS(partitionKey));
						item.put(TableLayout.genericSortKey(index.slot()), AttributeValue.fromS(sortKey != null ? sortKey : ulid.toString()));
					}
				});
		return new LatestWrite() {

			@Override
			public TransactWriteItem build(String token) {
				return TransactWriteItem.builder()
					.put(Put.builder()
						.tableName(tableName)
						.item(sizingItem(token, state))
						.conditionExpression("attribute_not_exists(#pk)")
						.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY))
						.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
						.build())
					.build();
			}

			@Override
			public Map<String, AttributeValue> sizingItem(String token, Map<String, AttributeValue> revisionState) {
				Map<String, AttributeValue> withToken = new HashMap<>(item);
				withToken.put(TableLayout.WRITE_TOKEN, AttributeValue.fromS(token));
				return withToken;
			}
		};
	}

	/**
	 * A write of the latest item, completed with the write's token.
	 */
	interface LatestWrite {

		TransactWriteItem build(String token);

		/**
		 * @return an item at least as large as the latest item will be after the write (DynamoDB's 400 KB apply)
		 */
		Map<String, AttributeValue> sizingItem(String token, Map<String, AttributeValue> revisionState);
	}

	/**
	 * Builds the conditional update of an existing latest item: the condition is the optimistic lock (expected
	 * version, expected state, not being purged) plus "the newest revision lies in an earlier millisecond".
	 */
	final class LatestUpdate implements LatestWrite {

		private final EntityTarget target;

		private final List<String> set = new ArrayList<>();

		private final List<String> remove = new ArrayList<>();

		private final Map<String, String> names = new HashMap<>();

		private final Map<String, AttributeValue> values = new HashMap<>();

		/** attribute name to the value this update gives it, for the size check */
		private final Map<String, AttributeValue> assigned = new HashMap<>();

		private final String condition;

		private final long revision;

		private LatestUpdate(EntityTarget target, long expectedVersion, Expect expect, long revision, Ulid ulid,
				RevisionType type) {
			this.target = target;
			this.revision = revision;
			set("#v", TableLayout.VERSION, ":v", AttributeValue.fromN(Long.toString(revision)));
			set("#h", TableLayout.HEAD, ":h", AttributeValue.fromS(ulid.toString()));
			set("#t", TableLayout.TYPE, ":t", RevisionTypes.toCode(type));
			names.put("#pg", TableLayout.PURGING);
			if (expect != Expect.ERASED) {
				names.put("#del", TableLayout.DELETED);
			}
			if (expect != Expect.DELETED) {
				names.put("#e", TableLayout.ERASED);
			}
			values.put(":ev", AttributeValue.fromN(Long.toString(expectedVersion)));
			values.put(":floor", AttributeValue.fromS(RevisionUlids.floor(ulid).toString()));
			this.condition = "#v = :ev AND #h < :floor AND attribute_not_exists(#pg) AND " + expect.condition;
			if (expect == Expect.ERASED) {
				remove.add("#e");
				set("#et", TableLayout.ENTITY_TYPE, ":et", AttributeValue.fromS(target.typeName()));
			}
		}

		LatestUpdate state(Map<String, AttributeValue> state) {
			set("#d", TableLayout.STATE, ":d", AttributeValue.fromM(state));
			return this;
		}

		/** Puts the entity back into the live listing; a non-null {@code created} also restarts its creation order. */
		LatestUpdate listed(@Nullable Ulid created) {
			set("#tpk", TableLayout.TYPE_PARTITION_KEY, ":tpk",
					AttributeValue.fromS(ItemKeys.typePartitionKey(target.tenant(), target.typeName(), false)));
			if (created != null) {
				set("#tsk", TableLayout.TYPE_SORT_KEY, ":tsk", AttributeValue.fromS(created.toString()));
			}
			names.put("#del", TableLayout.DELETED);
			remove.add("#del");
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
						String pkName = "#" + TableLayout.genericPartitionKey(index.slot());
						String skName = "#" + TableLayout.genericSortKey(index.slot());
						if (partitionKey == null) {
							removeAttribute(pkName, TableLayout.genericPartitionKey(index.slot()));
							removeAttribute(skName, TableLayout.genericSortKey(index.slot()));
							return;
						}
						set(pkName, TableLayout.genericPartitionKey(index.slot()), ":" + TableLayout.genericPartitionKey(index.slot()),
								AttributeValue.fromS(partitionKey));
						if (sortKey != null || created != null) {
							set(skName, TableLayout.genericSortKey(index.slot()), ":" + TableLayout.genericSortKey(index.slot()),
									AttributeValue.fromS(sortKey != null ? sortKey : created.toString()));
						}
						else {
							names.put(skName, TableLayout.genericSortKey(index.slot()));
							names.put("#tsk", TableLayout.TYPE_SORT_KEY);
							set.add(skName + " = #tsk");
							assigned.put(TableLayout.genericSortKey(index.slot()), AttributeValue.fromS(ULID_SIZED));
						}
					});
			return this;
		}

		private void removeAttribute(String name, String attribute) {
			names.put(name, attribute);
			remove.add(name);
		}

		LatestUpdate markDeleted() {
			names.put("#del", TableLayout.DELETED);
			set.add("#del = :true");
			values.put(":true", TRUE);
			set("#tpk", TableLayout.TYPE_PARTITION_KEY, ":tpk",
					AttributeValue.fromS(ItemKeys.typePartitionKey(target.tenant(), target.typeName(), true)));
			return this;
		}

		private void set(String name, String attribute, String placeholder, AttributeValue value) {
			names.put(name, attribute);
			values.put(placeholder, value);
			set.add(name + " = " + placeholder);
			assigned.put(attribute, value);
		}

		@Override
		public TransactWriteItem build(String token) {
			Map<String, String> allNames = new HashMap<>(names);
			Map<String, AttributeValue> allValues = new HashMap<>(values);
			allNames.put("#w", TableLayout.WRITE_TOKEN);
			allValues.put(":w", AttributeValue.fromS(token));
			String expression = "SET " + String.join(", ", set) + ", #w = :w"
					+ (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
			return TransactWriteItem.builder()
				.update(Update.builder()
					.tableName(tableName)
					.key(target.latestKey())
					.updateExpression(expression)
					.conditionExpression(condition)
					.expressionAttributeNames(allNames)
					.expressionAttributeValues(allValues)
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
			item.put(TableLayout.TYPE_SORT_KEY, AttributeValue.fromS(ULID_SIZED));
			item.put(TableLayout.DELETED, TRUE);
			item.put(TableLayout.BASE, AttributeValue.fromN(Long.toString(revision)));
			item.put(TableLayout.STATE, AttributeValue.fromM(revisionState));
			item.putAll(assigned);
			item.put(TableLayout.WRITE_TOKEN, AttributeValue.fromS(token));
			return item;
		}
	}

	private static void checkSize(EntityTarget target, Map<String, AttributeValue> history,
			Map<String, AttributeValue> latest) {
		// a revision item and its keys-only rev-index entry share the 400 KB
		long historySize = ItemSize.of(history) + ItemSize.of(Map.of(TableLayout.PARTITION_KEY,
				history.get(TableLayout.PARTITION_KEY), TableLayout.SORT_KEY, history.get(TableLayout.SORT_KEY),
				TableLayout.REVISION, history.get(TableLayout.REVISION))) + LOCAL_INDEX_ENTRY_OVERHEAD;
		long latestSize = ItemSize.of(latest);
		long size = Math.max(historySize, latestSize);
		if (size > ItemSize.MAX_ITEM_BYTES) {
			throw new ItemSizeLimitExceededException(
					"%s is too large: its %s item would take up to %d bytes, DynamoDB allows 400 KB (%d bytes); nothing was written"
						.formatted(target.describe(), latestSize >= historySize ? "latest" : "revision", size,
								ItemSize.MAX_ITEM_BYTES));
		}
	}

	/**
	 * One attempt's revision: its number, ULID, type and state, and the write of the latest item that goes with it.
	 */
	record WritePlan(long revision, Ulid ulid, RevisionType type, Map<String, AttributeValue> state,
			LatestWrite latest) {
	}

	/**
	 * The outcome of one attempt: written; rejected by the latest item's condition (with that item as it was, or
	 * {@code null} if there was none); or cancelled by a concurrent transaction (nothing written).
	 */
	sealed interface WriteOutcome {

		WriteOutcome WRITTEN = new Written();

		WriteOutcome CONTENDED = new Contended();

		/** The revision was written (by this attempt, or by an earlier one whose response was lost). */
		record Written() implements WriteOutcome {
		}

		/**
		 * The latest item's condition failed.
		 *
		 * @param current the latest item as it was, or {@code null} if there was none
		 */
		record Rejected(@Nullable LatestItem current) implements WriteOutcome {
		}

		/** Cancelled by a concurrent transaction; nothing written. */
		record Contended() implements WriteOutcome {
		}
	}

	/**
	 * What an operation does next, given what its previous attempt found ({@code null} before the first).
	 */
	@FunctionalInterface
	interface Attempts<R> {

		Step<R> next(@Nullable WriteOutcome previous);
	}

	/**
	 * The next step of an operation: write a plan (and on success answer {@code result}), or finish without writing.
	 */
	sealed interface Step<R> {

		/** Writes the plan; {@code adapted} when it was made from a rejection's returned item (no backoff needed). */
		static <R> Step<R> write(WritePlan plan, Supplier<R> result) {
			return new Write<>(plan, false, result);
		}

		/** Writes a plan made from what a rejection returned, at once. */
		static <R> Step<R> adapted(WritePlan plan, Supplier<R> result) {
			return new Write<>(plan, true, result);
		}

		static <R> Step<R> finish(R result) {
			return new Finish<>(result);
		}

		record Write<R>(WritePlan plan, boolean adapted, Supplier<R> result) implements Step<R> {
		}

		record Finish<R>(R result) implements Step<R> {
		}
	}
}

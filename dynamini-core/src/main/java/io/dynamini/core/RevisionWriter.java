package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The one way dynamini writes: a {@code TransactWriteItems} of a conditional write of the latest item (the
 * optimistic lock) and a put of the new, immutable revision item. Builds both, sends them, and tells the caller
 * whether they were written, rejected by the condition (with the latest item as it was) or cancelled by a
 * concurrent transaction.
 */
final class RevisionWriter {

	/** Bytes the latest item's bookkeeping attributes (version, head, type index keys) may add to the state's. */
	private static final int LATEST_ITEM_OVERHEAD = 160;

	private static final AttributeValue TRUE = AttributeValue.fromBool(true);

	private static final AttributeValue LATEST = AttributeValue.fromS(TableLayout.LATEST_SORT_KEY);

	private final String tableName;

	private final SdkExecutor executor;

	private final DynaminiEntityConverter converter;

	RevisionWriter(String tableName, SdkExecutor executor, DynaminiEntityConverter converter) {
		this.tableName = tableName;
		this.executor = executor;
		this.converter = converter;
	}

	/**
	 * Starts the conditional update of an existing latest item.
	 */
	LatestUpdate update(EntityTarget target, long expectedVersion, boolean expectDeleted, long revision, Ulid ulid,
			RevisionType type) {
		return new LatestUpdate(target, expectedVersion, expectDeleted, revision, ulid, type);
	}

	/**
	 * Sends one transaction: the given write of the latest item and a put of the new history item.
	 */
	WriteResult write(EntityTarget target, String action, long revision, Ulid ulid, RevisionType type,
			Map<String, AttributeValue> state, TransactWriteItem latest) {
		Map<String, AttributeValue> history = new HashMap<>();
		history.put(TableLayout.PARTITION_KEY, AttributeValue.fromS(target.pk()));
		history.put(TableLayout.SORT_KEY, AttributeValue.fromS(TableLayout.HISTORY_PREFIX + ulid));
		history.put(TableLayout.REVISION, AttributeValue.fromN(Long.toString(revision)));
		history.put(TableLayout.TYPE, RevisionTypes.toCode(type));
		history.put(TableLayout.ENTITY_TYPE, AttributeValue.fromS(target.typeName()));
		history.put(TableLayout.STATE, AttributeValue.fromM(state));
		checkSize(target, history);
		TransactWriteItem historyPut = TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(tableName)
				.item(history)
				.conditionExpression("attribute_not_exists(#pk)")
				.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY))
				.build())
			.build();
		String token = UUID.randomUUID().toString();
		return execute(target, action, dynamo -> {
			try {
				dynamo.transactWriteItems(request -> request.transactItems(latest, historyPut)
					.clientRequestToken(token)
					.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
				return WriteResult.WRITTEN;
			}
			catch (TransactionCanceledException cancelled) {
				List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
						: List.of();
				CancellationReason latestReason = reasons.isEmpty() ? null : reasons.get(0);
				if (latestReason != null && "ConditionalCheckFailed".equals(latestReason.code())) {
					LatestItem current = LatestItem.from(latestReason.hasItem() ? latestReason.item() : null);
					if (current != null && current.head().equals(ulid) && current.version() == revision) {
						// an earlier attempt of this very request was applied and only its response was lost
						return WriteResult.WRITTEN;
					}
					return new WriteResult(false, false, current);
				}
				for (CancellationReason reason : reasons) {
					if ("TransactionConflict".equals(reason.code())
							|| "ConditionalCheckFailed".equals(reason.code())) {
						return WriteResult.CONTENDED;
					}
				}
				throw cancelled;
			}
		});
	}

	TransactWriteItem putNewLatest(EntityTarget target, Ulid ulid, Map<String, AttributeValue> state) {
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
						item.put(index.partitionKeyAttribute(), AttributeValue.fromS(partitionKey));
						item.put(index.sortKeyAttribute(), AttributeValue.fromS(sortKey != null ? sortKey : ulid.toString()));
					}
				});
		return TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(tableName)
				.item(item)
				.conditionExpression("attribute_not_exists(#pk)")
				.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
	}

	/**
	 * Builds the conditional update of an existing latest item: the condition is the optimistic lock (expected
	 * version, deleted or not, not being purged) plus "the new revision sorts after the newest one".
	 */
	final class LatestUpdate {

		private final EntityTarget target;

		private final List<String> set = new ArrayList<>();

		private final List<String> remove = new ArrayList<>();

		private final Map<String, String> names = new HashMap<>();

		private final Map<String, AttributeValue> values = new HashMap<>();

		private final String condition;

		private LatestUpdate(EntityTarget target, long expectedVersion, boolean expectDeleted, long revision, Ulid ulid,
				RevisionType type) {
			this.target = target;
			set("#v", TableLayout.VERSION, ":v", AttributeValue.fromN(Long.toString(revision)));
			set("#h", TableLayout.HEAD, ":h", AttributeValue.fromS(ulid.toString()));
			set("#t", TableLayout.TYPE, ":t", RevisionTypes.toCode(type));
			names.put("#pg", TableLayout.PURGING);
			names.put("#del", TableLayout.DELETED);
			values.put(":ev", AttributeValue.fromN(Long.toString(expectedVersion)));
			this.condition = "#v = :ev AND #h < :h AND attribute_not_exists(#pg) AND "
					+ (expectDeleted ? "attribute_exists(#del)" : "attribute_not_exists(#del)");
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
						String pkName = "#" + index.partitionKeyAttribute();
						String skName = "#" + index.sortKeyAttribute();
						if (partitionKey == null) {
							removeAttribute(pkName, index.partitionKeyAttribute());
							removeAttribute(skName, index.sortKeyAttribute());
							return;
						}
						set(pkName, index.partitionKeyAttribute(), ":" + index.partitionKeyAttribute(),
								AttributeValue.fromS(partitionKey));
						if (sortKey != null || created != null) {
							set(skName, index.sortKeyAttribute(), ":" + index.sortKeyAttribute(),
									AttributeValue.fromS(sortKey != null ? sortKey : created.toString()));
						}
						else {
							names.put(skName, index.sortKeyAttribute());
							names.put("#tsk", TableLayout.TYPE_SORT_KEY);
							set.add(skName + " = #tsk");
						}
					});
			return this;
		}

		private void removeAttribute(String name, String attribute) {
			names.put(name, attribute);
			remove.add(name);
		}

		LatestUpdate markDeleted() {
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
		}

		TransactWriteItem build() {
			String expression = "SET " + String.join(", ", set)
					+ (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
			return TransactWriteItem.builder()
				.update(Update.builder()
					.tableName(tableName)
					.key(target.latestKey())
					.updateExpression(expression)
					.conditionExpression(condition)
					.expressionAttributeNames(names)
					.expressionAttributeValues(values)
					.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
					.build())
				.build();
		}
	}

	private static void checkSize(EntityTarget target, Map<String, AttributeValue> history) {
		long historySize = ItemSize.of(history);
		// the latest item carries the same state as the history item plus a few short attributes
		long size = historySize + LATEST_ITEM_OVERHEAD;
		if (size > ItemSize.MAX_ITEM_BYTES) {
			throw new ItemSizeLimitExceededException(
					"%s is too large: its item would take about %d bytes, DynamoDB allows 400 KB (%d bytes); nothing was written"
						.formatted(target.describe(), size, ItemSize.MAX_ITEM_BYTES));
		}
	}

	/**
	 * The outcome of {@link #write}: written; rejected by the latest item's condition (with that item as it
	 * was, or {@code null} if there was none); or cancelled by a concurrent transaction (nothing written, retry).
	 */
	record WriteResult(boolean written, boolean contended, @Nullable LatestItem current) {

		static final WriteResult WRITTEN = new WriteResult(true, false, null);

		static final WriteResult CONTENDED = new WriteResult(false, true, null);
	}

	private <R> R execute(EntityTarget target, String action, Function<DynamoDbClient, R> call) {
		return executor.execute(action + " of " + target.describe(), call);
	}
}

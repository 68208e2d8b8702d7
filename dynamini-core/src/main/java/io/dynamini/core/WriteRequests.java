package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Builds the two actions of a revision's transaction: the conditional write of the latest item (a put for a new
 * entity, an update whose condition is the optimistic lock otherwise) and the put of the immutable revision item,
 * both stamped with the write's token; and refuses, before any request, items DynamoDB would reject for size.
 */
final class WriteRequests {

	/** DynamoDB's overhead per local secondary index entry, which counts against the item's 400 KB. */
	private static final int LOCAL_INDEX_ENTRY_OVERHEAD = 100;

	private static final String ULID_SIZED = Ulid.MAX.toString();

	private static final AttributeValue TRUE = AttributeValue.fromBool(true);

	private static final AttributeValue LATEST = AttributeValue.fromS(TableLayout.LATEST_SORT_KEY);

	private final String tableName;

	private final DynaminiEntityConverter converter;

	WriteRequests(String tableName, DynaminiEntityConverter converter) {
		this.tableName = tableName;
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
	 * @return the plan's transaction: its write of the latest item and the put of its revision, stamped with
	 * {@code token}
	 * @throws ItemSizeLimitExceededException if either item could exceed DynamoDB's 400 KB
	 */
	List<TransactWriteItem> transaction(EntityTarget target, RevisionWriter.WritePlan plan, String token) {
		Map<String, AttributeValue> history = new HashMap<>();
		history.put(TableLayout.PARTITION_KEY, AttributeValue.fromS(target.pk()));
		history.put(TableLayout.SORT_KEY, AttributeValue.fromS(TableLayout.HISTORY_PREFIX + plan.ulid()));
		history.put(TableLayout.REVISION, AttributeValue.fromN(Long.toString(plan.revision())));
		history.put(TableLayout.TYPE, RevisionTypes.toCode(plan.type()));
		history.put(TableLayout.ENTITY_TYPE, AttributeValue.fromS(target.typeName()));
		history.put(TableLayout.STATE, AttributeValue.fromM(plan.state()));
		history.put(TableLayout.WRITE_TOKEN, AttributeValue.fromS(token));
		checkSize(target, history, plan.latest().sizingItem(token, plan.state()));
		TransactWriteItem historyPut = TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(tableName)
				.item(history)
				.conditionExpression("attribute_not_exists(#pk)")
				.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		return List.of(plan.latest().build(token), historyPut);
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
}

package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
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

	/** The condition of a put that creates an item: none with its key exists. */
	private static final Expression NEW_ITEM = newItem();

	private final String tableName;

	private final DynaminiEntityConverter converter;

	private volatile Supplier<@Nullable String> authors = () -> null;

	WriteRequests(String tableName, DynaminiEntityConverter converter) {
		this.tableName = tableName;
		this.converter = converter;
	}

	/** Where the author of each revision comes from (auditing); by default, none. */
	void setAuthors(Supplier<@Nullable String> authors) {
		this.authors = authors;
	}

	/** @return the author of a revision written now, or {@code null} */
	@Nullable String author() {
		return authors.get();
	}

	/** What the latest item must be for a write to apply. */
	enum Expect {

		/** live: neither deleted, nor being purged, nor erased */
		LIVE,

		/** soft-deleted */
		DELETED,

		/** erased by a purge (a stub) */
		ERASED;

		String condition(Placeholders placeholders) {
			return switch (this) {
				case LIVE -> "attribute_not_exists(" + placeholders.name(TableLayout.DELETED) + ") AND attribute_not_exists("
						+ placeholders.name(TableLayout.ERASED) + ")";
				case DELETED -> "attribute_exists(" + placeholders.name(TableLayout.DELETED) + ")";
				case ERASED -> "attribute_exists(" + placeholders.name(TableLayout.ERASED) + ")";
			};
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
		String author = author();
		if (author != null) {
			history.put(TableLayout.AUTHOR, AttributeValue.fromS(author));
		}
		checkSize(target, history, plan.latest().sizingItem(token, plan.state()));
		TransactWriteItem historyPut = TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(tableName)
				.item(history)
				.conditionExpression(NEW_ITEM.expression())
				.expressionAttributeNames(NEW_ITEM.expressionNames())
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		return List.of(plan.latest().build(token, author), historyPut);
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
			public TransactWriteItem build(String token, @Nullable String author) {
				Map<String, AttributeValue> written = sizingItem(token, state);
				if (author != null) {
					written.put(TableLayout.AUTHOR, AttributeValue.fromS(author));
				}
				return TransactWriteItem.builder()
					.put(Put.builder()
						.tableName(tableName)
						.item(written)
						.conditionExpression(NEW_ITEM.expression())
						.expressionAttributeNames(NEW_ITEM.expressionNames())
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

		/** @param author the revision's author, or {@code null} */
		TransactWriteItem build(String token, @Nullable String author);

		/**
		 * @return an item at least as large as the latest item will be after the write (DynamoDB's 400 KB apply)
		 */
		Map<String, AttributeValue> sizingItem(String token, Map<String, AttributeValue> revisionState);
	}

	/**
	 * Builds the conditional update of an existing latest item: the condition is the optimistic lock (expected
	 * version, expected state, not being purged) plus "the newest revision lies in an earlier millisecond". Keeps what
	 * it assigns apart from its header (condition, version, head, type), so that a transaction can fold two writes of
	 * one entity into one ({@link #rebasedOn}).
	 */
	final class LatestUpdate implements LatestWrite {

		private final EntityTarget target;

		private final long expectedVersion;

		private final Expect expect;

		private final long revision;

		private final Ulid ulid;

		private final RevisionType type;

		/** attribute to the value this update gives it (in order) */
		private final Map<String, AttributeValue> assigned = new LinkedHashMap<>();

		/** attribute to the attribute whose value it takes */
		private final Map<String, String> copied = new LinkedHashMap<>();

		private final Set<String> removed = new LinkedHashSet<>();

		private LatestUpdate(EntityTarget target, long expectedVersion, Expect expect, long revision, Ulid ulid,
				RevisionType type) {
			this.target = target;
			this.expectedVersion = expectedVersion;
			this.expect = expect;
			this.revision = revision;
			this.ulid = ulid;
			this.type = type;
			if (expect == Expect.ERASED) {
				remove(TableLayout.ERASED);
				set(TableLayout.ENTITY_TYPE, AttributeValue.fromS(target.typeName()));
			}
		}

		/**
		 * @return this update's assignments under the header (condition, revision, ULID) of {@code first}, an earlier
		 * write of the same entity in the same transaction: the two become one revision
		 */
		LatestUpdate rebasedOn(LatestUpdate first, RevisionType foldedType) {
			LatestUpdate folded = new LatestUpdate(target, first.expectedVersion, first.expect, first.revision, first.ulid,
					foldedType);
			folded.removed.addAll(first.removed);
			folded.assigned.putAll(first.assigned);
			folded.copied.putAll(first.copied);
			for (String attribute : removed) {
				folded.remove(attribute);
			}
			assigned.forEach(folded::set);
			copied.forEach(folded::copy);
			return folded;
		}

		long expectedVersion() {
			return expectedVersion;
		}

		/** @return whether {@code item} is in the state this update expects (its version aside) */
		boolean expects(LatestItem item) {
			return switch (expect) {
				case LIVE -> item.live();
				case DELETED -> item.deleted() && !item.purging() && !item.erased();
				case ERASED -> item.erased();
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
			set(TableLayout.DELETED, TRUE);
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

		@Override
		public TransactWriteItem build(String token, @Nullable String author) {
			Placeholders placeholders = new Placeholders();
			Expression condition = placeholders.expression(placeholders.name(TableLayout.VERSION) + " = "
					+ placeholders.value(AttributeValue.fromN(Long.toString(expectedVersion))) + " AND "
					+ placeholders.name(TableLayout.HEAD) + " < "
					+ placeholders.value(AttributeValue.fromS(RevisionUlids.floor(ulid).toString()))
					+ " AND attribute_not_exists(" + placeholders.name(TableLayout.PURGING) + ") AND "
					+ expect.condition(placeholders));
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
			item.put(TableLayout.TYPE_SORT_KEY, AttributeValue.fromS(ULID_SIZED));
			item.put(TableLayout.DELETED, TRUE);
			item.put(TableLayout.BASE, AttributeValue.fromN(Long.toString(revision)));
			item.put(TableLayout.STATE, AttributeValue.fromM(revisionState));
			item.put(TableLayout.VERSION, AttributeValue.fromN(Long.toString(revision)));
			item.put(TableLayout.HEAD, AttributeValue.fromS(ulid.toString()));
			item.put(TableLayout.TYPE, RevisionTypes.toCode(type));
			item.putAll(assigned);
			copied.keySet().forEach(attribute -> item.put(attribute, AttributeValue.fromS(ULID_SIZED)));
			item.put(TableLayout.WRITE_TOKEN, AttributeValue.fromS(token));
			return item;
		}
	}

	private static Expression newItem() {
		Placeholders placeholders = new Placeholders();
		return placeholders.expression("attribute_not_exists(" + placeholders.name(TableLayout.PARTITION_KEY) + ")");
	}

	/**
	 * @return an upper bound of the bytes the plan's two items add to a transaction (DynamoDB's 4 MB apply)
	 */
	long transactionBytes(EntityTarget target, RevisionWriter.WritePlan plan, String token) {
		Map<String, AttributeValue> history = new HashMap<>(Map.of(TableLayout.PARTITION_KEY,
				AttributeValue.fromS(target.pk()), TableLayout.SORT_KEY,
				AttributeValue.fromS(TableLayout.HISTORY_PREFIX + plan.ulid()), TableLayout.STATE,
				AttributeValue.fromM(plan.state()), TableLayout.WRITE_TOKEN, AttributeValue.fromS(token)));
		return ItemSize.of(history) + LOCAL_INDEX_ENTRY_OVERHEAD + 64 + ItemSize.of(plan.latest().sizingItem(token, plan.state()));
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

package io.dynamini.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

	/** Where a write's marks of dropped revisions start among its actions: after the latest item and the revision. */
	static final int MARKS_OFFSET = 2;

	/** A ULID's length, for the size bound of attributes that may hold one. */
	static final String ULID_SIZED = Ulid.MAX.toString();

	static final AttributeValue TRUE = AttributeValue.fromBool(true);

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
		ERASED,

		/** past its {@code @ExpiresAt} instant (and neither being purged nor erased) */
		EXPIRED;

		String condition(Placeholders placeholders) {
			return switch (this) {
				case LIVE -> "attribute_not_exists(" + placeholders.name(TableLayout.DELETED) + ") AND attribute_not_exists("
						+ placeholders.name(TableLayout.ERASED) + ")";
				case DELETED -> "attribute_exists(" + placeholders.name(TableLayout.DELETED) + ")";
				case ERASED -> "attribute_exists(" + placeholders.name(TableLayout.ERASED) + ")";
				case EXPIRED -> "attribute_not_exists(" + placeholders.name(TableLayout.ERASED) + ")";
			};
		}
	}

	/**
	 * Starts the conditional update of an existing latest item.
	 */
	LatestUpdate update(EntityTarget target, long expectedVersion, Expect expect, long revision, Ulid ulid,
			RevisionType type) {
		return new LatestUpdate(tableName, converter, target, expectedVersion, expect, revision, ulid, type);
	}

	/**
	 * @return the plan's transaction: its write of the latest item and the put of its revision, stamped with
	 * {@code token}
	 * @throws ItemSizeLimitExceededException if either item could exceed DynamoDB's 400 KB
	 */
	List<TransactWriteItem> transaction(EntityTarget target, RevisionWriter.WritePlan plan, String token) {
		return transaction(target, plan, token, false);
	}

	/**
	 * @param standalone whether the write may mark the revisions history retention drops (when it knows the pending
	 * list): always on its own, within a larger transaction while the transaction has room for the marks
	 * @return the plan's transaction: its write of the latest item, the put of its revision and, standalone, the
	 * marks of dropped revisions, stamped with {@code token}
	 * @throws ItemSizeLimitExceededException if either item could exceed DynamoDB's 400 KB
	 */
	List<TransactWriteItem> transaction(EntityTarget target, RevisionWriter.WritePlan plan, String token,
			boolean standalone) {
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
		Long expiresAt = plan.latest().expiresAt();
		if (expiresAt != null) {
			// a revision lives no longer than the expiry it was written with (docs/design.md, "Entity expiry")
			history.put(TableLayout.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
			history.put(TableLayout.TIME_TO_LIVE, timeToLive(expiresAt));
		}
		checkSize(target, history, plan.latest().sizingItem(token, plan.state()), stateBytes(plan));
		TransactWriteItem historyPut = TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(tableName)
				.item(history)
				.conditionExpression(NEW_ITEM.expression())
				.expressionAttributeNames(NEW_ITEM.expressionNames())
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		if (!standalone) {
			return List.of(plan.latest().build(token, author, false), historyPut);
		}
		List<TransactWriteItem> actions = new ArrayList<>();
		actions.add(plan.latest().build(token, author, true));
		actions.add(historyPut);
		actions.addAll(plan.latest().marks());
		return actions;
	}

	/**
	 * The update giving a dropped revision's item its expiry, on the condition that it exists (an update would
	 * otherwise create it).
	 */
	static TransactWriteItem markExpiring(String tableName, EntityTarget target, HistoryRetention.Mark mark) {
		Placeholders placeholders = new Placeholders();
		String update = "SET " + placeholders.name(TableLayout.TIME_TO_LIVE) + " = "
				+ placeholders.value(AttributeValue.fromN(Long.toString(mark.expiresAtEpochSecond())));
		Expression exists = placeholders.expression("attribute_exists(" + placeholders.name(TableLayout.PARTITION_KEY) + ")");
		return TransactWriteItem.builder()
			.update(Update.builder()
				.tableName(tableName)
				.key(Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(target.pk()), TableLayout.SORT_KEY,
						AttributeValue.fromS(TableLayout.HISTORY_PREFIX + mark.revision())))
				.updateExpression(update)
				.conditionExpression(exists.expression())
				.expressionAttributeNames(placeholders.names())
				.expressionAttributeValues(placeholders.values())
				.build())
			.build();
	}

	/** @return the TTL (epoch seconds, rounded up) for an instant in epoch milliseconds */
	static AttributeValue timeToLive(long epochMillis) {
		return AttributeValue.fromN(Long.toString(HistoryRetention.epochSecondsUp(Instant.ofEpochMilli(epochMillis))));
	}

	static AttributeValue ulidList(List<Ulid> ulids) {
		return AttributeValue.fromL(ulids.stream().map(ulid -> AttributeValue.fromS(ulid.toString())).toList());
	}

	/**
	 * The put of a new entity's first latest item, on the condition that none exists.
	 */
	LatestWrite newLatest(EntityTarget target, Ulid ulid, Map<String, AttributeValue> state,
			@Nullable Long expiresAt) {
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
		if (target.retention().isLimited()) {
			item.put(TableLayout.PENDING, ulidList(List.of(ulid)));
		}
		if (target.expiring()) {
			item.put(TableLayout.GENERATION_START, AttributeValue.fromS(ulid.toString()));
			if (expiresAt != null) {
				item.put(TableLayout.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
				item.put(TableLayout.TIME_TO_LIVE, timeToLive(expiresAt));
			}
		}
		IndexAttributes.forEach(target.entity(), target.tenant(), target.typeName(), state, false, converter,
				(index, partitionKey, sortKey) -> {
					if (partitionKey != null) {
						item.put(TableLayout.genericPartitionKey(index.slot()), AttributeValue.fromS(partitionKey));
						item.put(TableLayout.genericSortKey(index.slot()), AttributeValue.fromS(sortKey != null ? sortKey : ulid.toString()));
					}
				});
		return new LatestWrite() {

			@Override
			public TransactWriteItem build(String token, @Nullable String author, boolean standalone) {
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

			@Override
			public @Nullable List<Ulid> pendingAfter(boolean standalone) {
				return target.retention().isLimited() ? List.of(ulid) : null;
			}

			@Override
			public @Nullable Long expiresAt() {
				return expiresAt;
			}

			@Override
			public Long base(@Nullable LatestItem before) {
				return 0L;
			}

			@Override
			public @Nullable Ulid generationStart(@Nullable LatestItem before) {
				return target.expiring() ? ulid : null;
			}
		};
	}

	/**
	 * A write of the latest item, completed with the write's token.
	 */
	interface LatestWrite {

		/**
		 * @param author the revision's author, or {@code null}
		 * @param standalone whether the revision is written on its own, not within a larger transaction
		 */
		TransactWriteItem build(String token, @Nullable String author, boolean standalone);

		/** @return the updates marking the revisions history retention drops with this write (standalone only) */
		default List<TransactWriteItem> marks() {
			return List.of();
		}

		/**
		 * @return the latest item's pending list after the write, if this write determines it (history retention), else
		 * {@code null}
		 */
		default @Nullable List<Ulid> pendingAfter(boolean standalone) {
			return null;
		}

		/** @return the entity's {@code @ExpiresAt} (epoch milliseconds) after the write, or {@code null} */
		default @Nullable Long expiresAt() {
			return null;
		}

		/** @return the revisions {@link #marks()} marks, in its order */
		default List<Ulid> markedRevisions() {
			return List.of();
		}

		/**
		 * @param before the latest item before the write, if known
		 * @return the latest item's base after the write, or {@code null} if it keeps one {@code before} does not tell
		 */
		@Nullable Long base(@Nullable LatestItem before);

		/**
		 * @param before the latest item before the write, if known
		 * @return the generation start after the write ({@code @ExpiresAt} types), or {@code null} if none or unknown
		 */
		@Nullable Ulid generationStart(@Nullable LatestItem before);

		/**
		 * @return an item at least as large as the latest item will be after the write (DynamoDB's 400 KB apply)
		 */
		Map<String, AttributeValue> sizingItem(String token, Map<String, AttributeValue> revisionState);
	}

	private static Expression newItem() {
		Placeholders placeholders = new Placeholders();
		return placeholders.expression("attribute_not_exists(" + placeholders.name(TableLayout.PARTITION_KEY) + ")");
	}

	/**
	 * @return an upper bound of the bytes the plan's two items add to a transaction (DynamoDB's 4 MB apply)
	 */
	long transactionBytes(EntityTarget target, RevisionWriter.WritePlan plan, String token) {
		Map<String, AttributeValue> history = Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(target.pk()),
				TableLayout.SORT_KEY, AttributeValue.fromS(TableLayout.HISTORY_PREFIX + plan.ulid()),
				TableLayout.WRITE_TOKEN, AttributeValue.fromS(token));
		long state = stateBytes(plan);
		// the state is measured once and counted in both items
		return ItemSize.of(history) + state + LOCAL_INDEX_ENTRY_OVERHEAD + 64
				+ ItemSize.of(plan.latest().sizingItem(token, plan.state()), TableLayout.STATE) + state;
	}

	/** @return the size of the plan's state attribute, which both of its items carry */
	private static long stateBytes(RevisionWriter.WritePlan plan) {
		return ItemSize.attribute(TableLayout.STATE, AttributeValue.fromM(plan.state()));
	}

	private static void checkSize(EntityTarget target, Map<String, AttributeValue> history,
			Map<String, AttributeValue> latest, long stateBytes) {
		// a revision item and its keys-only rev-index entry share the 400 KB
		long historySize = ItemSize.of(history, TableLayout.STATE) + stateBytes + ItemSize.of(Map.of(TableLayout.PARTITION_KEY,
				history.get(TableLayout.PARTITION_KEY), TableLayout.SORT_KEY, history.get(TableLayout.SORT_KEY),
				TableLayout.REVISION, history.get(TableLayout.REVISION))) + LOCAL_INDEX_ENTRY_OVERHEAD;
		long latestSize = ItemSize.of(latest, TableLayout.STATE) + stateBytes;
		long size = Math.max(historySize, latestSize);
		if (size > ItemSize.MAX_ITEM_BYTES) {
			throw new ItemSizeLimitExceededException(
					"%s is too large: its %s item would take up to %d bytes, DynamoDB allows 400 KB (%d bytes); nothing was written"
						.formatted(target.describe(), latestSize >= historySize ? "latest" : "revision", size,
								ItemSize.MAX_ITEM_BYTES));
		}
	}
}

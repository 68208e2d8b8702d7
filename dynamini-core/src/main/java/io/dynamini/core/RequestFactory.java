package io.dynamini.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.mapping.IndexDefinition;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds the requests that read one entity's items and erase them: the latest item, pages of its history, the state
 * as of an instant, revision keys by number, and the three steps of a purge. Every request asks for its consumed
 * capacity, and every expression uses the one scheme of {@link Placeholders}. Builds only; {@link SdkExecutor}
 * sends. (Writes of revisions are built by {@link WriteRequests}, index queries by {@link QueryRequests}, with the
 * same scheme.)
 */
final class RequestFactory {

	private static final AttributeValue TRUE = AttributeValue.fromBool(true);

	private final String tableName;

	private final boolean consistentRead;

	/**
	 * @param consistentRead whether reads of an entity's own items are strongly consistent (purges always are)
	 */
	RequestFactory(String tableName, boolean consistentRead) {
		this.tableName = tableName;
		this.consistentRead = consistentRead;
	}

	String tableName() {
		return tableName;
	}

	boolean consistentRead() {
		return consistentRead;
	}

	/** The latest item, whole. */
	GetItemRequest latest(EntityTarget target) {
		return GetItemRequest.builder()
			.tableName(tableName)
			.key(target.latestKey())
			.consistentRead(consistentRead)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	/**
	 * The latest item's version, state and flags only (deleted, being purged, erased, expiry): what a read by id
	 * needs, without the bookkeeping and index keys (less to transfer and unmarshal; the same read capacity).
	 */
	GetItemRequest latestState(EntityTarget target) {
		return latestProjected(target, TableLayout.VERSION, TableLayout.STATE, TableLayout.DELETED, TableLayout.PURGING,
				TableLayout.ERASED, TableLayout.EXPIRES_AT);
	}

	/** The latest item's version, base and flags only (deleted, being purged, erased, expiry). */
	GetItemRequest latestFlags(EntityTarget target) {
		return latestProjected(target, TableLayout.VERSION, TableLayout.DELETED, TableLayout.PURGING, TableLayout.ERASED,
				TableLayout.BASE, TableLayout.EXPIRES_AT, TableLayout.GENERATION_START);
	}

	private GetItemRequest latestProjected(EntityTarget target, String... attributes) {
		Placeholders placeholders = new Placeholders();
		String projection = String.join(", ", Arrays.stream(attributes).map(placeholders::name).toList());
		return GetItemRequest.builder()
			.tableName(tableName)
			.key(target.latestKey())
			.consistentRead(consistentRead)
			.projectionExpression(projection)
			.expressionAttributeNames(placeholders.names())
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	/** Every revision item, oldest first. */
	QueryRequest history(EntityTarget target) {
		return historyQuery(target, consistentRead, new Placeholders()).build();
	}

	/** The newest {@code size} revisions, newest first. */
	QueryRequest newestRevisions(EntityTarget target, int size) {
		return historyQuery(target, consistentRead, new Placeholders()).scanIndexForward(false).limit(size).build();
	}

	/**
	 * The whole partition, oldest first, {@code size} revisions after the latest item: the latest item ({@code A})
	 * sorts before every revision ({@code H#...}), so one Query yields the number of revisions and the oldest page.
	 */
	QueryRequest partition(EntityTarget target, int size) {
		Placeholders placeholders = new Placeholders();
		Expression key = placeholders.expression(partitionCondition(target, placeholders));
		return query(key, placeholders).limit(size + 1).consistentRead(consistentRead).build();
	}

	/** The newest revision in or before the millisecond {@code millis}. */
	QueryRequest asOf(EntityTarget target, long millis) {
		Placeholders placeholders = new Placeholders();
		Expression key = placeholders.expression(partitionCondition(target, placeholders) + " AND "
				+ placeholders.name(TableLayout.SORT_KEY) + " BETWEEN "
				+ placeholders.value(AttributeValue.fromS(TableLayout.HISTORY_PREFIX)) + " AND "
				+ placeholders.value(AttributeValue.fromS(TableLayout.HISTORY_PREFIX + Ulid.max(millis))));
		return query(key, placeholders).scanIndexForward(false).limit(1).consistentRead(consistentRead).build();
	}

	/** The key of the newest revision item in the entity's partition, whatever history it belongs to. */
	QueryRequest newestRevisionKey(EntityTarget target) {
		Placeholders placeholders = new Placeholders();
		Expression key = placeholders.expression(partitionCondition(target, placeholders) + " AND begins_with("
				+ placeholders.name(TableLayout.SORT_KEY) + ", "
				+ placeholders.value(AttributeValue.fromS(TableLayout.HISTORY_PREFIX)) + ")");
		String projection = placeholders.name(TableLayout.SORT_KEY);
		return query(key, placeholders).projectionExpression(projection)
			.expressionAttributeNames(placeholders.names())
			.scanIndexForward(false)
			.limit(1)
			.consistentRead(true)
			.build();
	}

	/** The keys of revisions {@code from..to}, from the keys-only {@code rev-index}. */
	QueryRequest revisionKeys(EntityTarget target, long from, long to) {
		Placeholders placeholders = new Placeholders();
		Expression key = placeholders.expression(partitionCondition(target, placeholders) + " AND "
				+ placeholders.name(TableLayout.REVISION) + " BETWEEN "
				+ placeholders.value(AttributeValue.fromN(Long.toString(from))) + " AND "
				+ placeholders.value(AttributeValue.fromN(Long.toString(to))));
		return query(key, placeholders).indexName(TableLayout.REVISION_INDEX).consistentRead(consistentRead).build();
	}

	/**
	 * Revision {@code number}, whole, in one request: {@code rev-index} projects keys only, and DynamoDB fetches
	 * the rest of the item from the table for a query of a local secondary index.
	 */
	QueryRequest revisionByNumber(EntityTarget target, long number) {
		Placeholders placeholders = new Placeholders();
		Expression key = placeholders.expression(partitionCondition(target, placeholders) + " AND "
				+ placeholders.name(TableLayout.REVISION) + " = "
				+ placeholders.value(AttributeValue.fromN(Long.toString(number))));
		return query(key, placeholders).indexName(TableLayout.REVISION_INDEX)
			.select(Select.ALL_ATTRIBUTES)
			.consistentRead(consistentRead)
			.build();
	}

	/**
	 * A transaction's check that the entity is live (exists, not deleted, not being purged, not erased, not expired
	 * at {@code nowMillis}), without reading it.
	 */
	TransactWriteItem liveCheck(EntityTarget target, long nowMillis) {
		Placeholders placeholders = new Placeholders();
		String expiry = "";
		if (target.expiring()) {
			String expiresAt = placeholders.name(TableLayout.EXPIRES_AT);
			expiry = " AND (attribute_not_exists(" + expiresAt + ") OR " + expiresAt + " > "
					+ placeholders.value(AttributeValue.fromN(Long.toString(nowMillis))) + ")";
		}
		Expression live = placeholders.expression("attribute_exists(" + placeholders.name(TableLayout.PARTITION_KEY)
				+ ") AND attribute_not_exists(" + placeholders.name(TableLayout.DELETED) + ") AND attribute_not_exists("
				+ placeholders.name(TableLayout.PURGING) + ") AND attribute_not_exists(" + placeholders.name(TableLayout.ERASED)
				+ ")" + expiry);
		return latestItemCheck(target, live);
	}

	/** A transaction's condition check of the entity's latest item. */
	private TransactWriteItem latestItemCheck(EntityTarget target, Expression condition) {
		return TransactWriteItem.builder()
			.conditionCheck(ConditionCheck.builder()
				.tableName(tableName)
				.key(target.latestKey())
				.conditionExpression(condition.expression())
				.expressionAttributeNames(condition.expressionNames())
				.expressionAttributeValues(condition.expressionValues())
				.build())
			.build();
	}

	// ------------------------------------------------------------------------------------------------ purge

	/**
	 * Purge step 1: mark the latest item with the purge's token, take a revision number, leave every index; on the
	 * condition that it exists and is neither marked nor erased (the old item comes back on failure).
	 */
	UpdateItemRequest purgeMark(EntityTarget target, String token) {
		Placeholders placeholders = new Placeholders();
		String version = placeholders.name(TableLayout.VERSION);
		List<String> removed = new ArrayList<>(List.of(placeholders.name(TableLayout.TYPE_PARTITION_KEY),
				placeholders.name(TableLayout.TYPE_SORT_KEY)));
		for (IndexDefinition index : target.entity().getIndexes()) {
			removed.add(placeholders.name(TableLayout.genericPartitionKey(index.slot())));
			removed.add(placeholders.name(TableLayout.genericSortKey(index.slot())));
		}
		String update = "SET " + placeholders.name(TableLayout.PURGING) + " = "
				+ placeholders.value(AttributeValue.fromS(token)) + ", " + version + " = " + version + " + "
				+ placeholders.value(AttributeValue.fromN("1")) + " REMOVE " + String.join(", ", removed);
		Expression condition = placeholders.expression("attribute_exists(" + placeholders.name(TableLayout.PARTITION_KEY)
				+ ") AND attribute_not_exists(" + placeholders.name(TableLayout.PURGING) + ") AND attribute_not_exists("
				+ placeholders.name(TableLayout.ERASED) + ")");
		return UpdateItemRequest.builder()
			.tableName(tableName)
			.key(target.latestKey())
			.updateExpression(update)
			.conditionExpression(condition.expression())
			.expressionAttributeNames(placeholders.names())
			.expressionAttributeValues(placeholders.values())
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	/** Purge step 2: the keys of up to {@code limit} revision items, always strongly consistent. */
	QueryRequest purgeKeys(EntityTarget target, int limit) {
		Placeholders placeholders = new Placeholders();
		String projection = placeholders.name(TableLayout.PARTITION_KEY) + ", " + placeholders.name(TableLayout.SORT_KEY);
		return historyQuery(target, true, placeholders).projectionExpression(projection).limit(limit).build();
	}

	/**
	 * Purge step 2: deletes of {@code keys}, on the condition that the latest item still carries the purge's token.
	 */
	List<TransactWriteItem> purgeDeletes(EntityTarget target, String token, List<Map<String, AttributeValue>> keys) {
		List<TransactWriteItem> actions = new ArrayList<>(keys.size() + 1);
		actions.add(latestItemCheck(target, stillMarked(token, new Placeholders())));
		for (Map<String, AttributeValue> key : keys) {
			actions.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tableName).key(key).build()).build());
		}
		return actions;
	}

	/**
	 * Purge step 3: turn the marked latest item into a stub (no state, no index keys, the version counting on), on the
	 * condition that it still carries the purge's token.
	 */
	UpdateItemRequest purgeStub(EntityTarget target, String token) {
		Placeholders placeholders = new Placeholders();
		Expression condition = stillMarked(token, placeholders);
		String update = "SET " + placeholders.name(TableLayout.ERASED) + " = " + placeholders.value(TRUE) + ", "
				+ placeholders.name(TableLayout.BASE) + " = " + placeholders.name(TableLayout.VERSION) + " REMOVE "
				+ String.join(", ", placeholders.name(TableLayout.PURGING), placeholders.name(TableLayout.STATE),
						placeholders.name(TableLayout.TYPE), placeholders.name(TableLayout.WRITE_TOKEN),
						placeholders.name(TableLayout.DELETED), placeholders.name(TableLayout.AUTHOR),
						placeholders.name(TableLayout.PENDING), placeholders.name(TableLayout.EXPIRES_AT),
						placeholders.name(TableLayout.TIME_TO_LIVE), placeholders.name(TableLayout.GENERATION_START));
		return UpdateItemRequest.builder()
			.tableName(tableName)
			.key(target.latestKey())
			.updateExpression(update)
			.conditionExpression(condition.expression())
			.expressionAttributeNames(placeholders.names())
			.expressionAttributeValues(placeholders.values())
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	private static Expression stillMarked(String token, Placeholders placeholders) {
		return placeholders.expression(
				placeholders.name(TableLayout.PURGING) + " = " + placeholders.value(AttributeValue.fromS(token)));
	}

	private static String partitionCondition(EntityTarget target, Placeholders placeholders) {
		return placeholders.name(TableLayout.PARTITION_KEY) + " = " + placeholders.value(AttributeValue.fromS(target.pk()));
	}

	private QueryRequest.Builder historyQuery(EntityTarget target, boolean consistent, Placeholders placeholders) {
		Expression key = placeholders.expression(partitionCondition(target, placeholders) + " AND begins_with("
				+ placeholders.name(TableLayout.SORT_KEY) + ", "
				+ placeholders.value(AttributeValue.fromS(TableLayout.HISTORY_PREFIX)) + ")");
		return query(key, placeholders).consistentRead(consistent);
	}

	/**
	 * A query of the table with {@code keyCondition}, carrying every placeholder registered so far (a projection
	 * must be registered before).
	 */
	private QueryRequest.Builder query(Expression keyCondition, Placeholders placeholders) {
		return QueryRequest.builder()
			.tableName(tableName)
			.keyConditionExpression(keyCondition.expression())
			.expressionAttributeNames(placeholders.names())
			.expressionAttributeValues(placeholders.values())
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
	}
}

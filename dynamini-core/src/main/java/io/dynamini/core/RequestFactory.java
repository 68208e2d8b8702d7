package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.mapping.IndexDefinition;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds the requests that read one entity's items and erase them: the latest item, pages of its history, the state
 * as of an instant, revision keys by number, and the three steps of a purge. Every request asks for its consumed
 * capacity. Builds only; {@link SdkExecutor} sends. (Writes of revisions are built by {@link RevisionWriter}, index
 * queries by {@link QueryRequests}.)
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

	/** The latest item's version, base and flags only (deleted, being purged, erased). */
	GetItemRequest latestFlags(EntityTarget target) {
		return GetItemRequest.builder()
			.tableName(tableName)
			.key(target.latestKey())
			.consistentRead(consistentRead)
			.projectionExpression("#v, #del, #pg, #e, #b")
			.expressionAttributeNames(Map.of("#v", TableLayout.VERSION, "#del", TableLayout.DELETED, "#pg",
					TableLayout.PURGING, "#e", TableLayout.ERASED, "#b", TableLayout.BASE))
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	/** Every revision item, oldest first. */
	QueryRequest history(EntityTarget target) {
		return historyQuery(target, consistentRead).build();
	}

	/** The newest {@code size} revisions, newest first. */
	QueryRequest newestRevisions(EntityTarget target, int size) {
		return historyQuery(target, consistentRead).scanIndexForward(false).limit(size).build();
	}

	/**
	 * The whole partition, oldest first, {@code size} revisions after the latest item: the latest item ({@code A})
	 * sorts before every revision ({@code H#...}), so one Query yields the number of revisions and the oldest page.
	 */
	QueryRequest partition(EntityTarget target, int size) {
		return QueryRequest.builder()
			.tableName(tableName)
			.keyConditionExpression("#pk = :pk")
			.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY))
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(target.pk())))
			.limit(size + 1)
			.consistentRead(consistentRead)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	/** The newest revision in or before the millisecond {@code millis}. */
	QueryRequest asOf(EntityTarget target, long millis) {
		return QueryRequest.builder()
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
	}

	/** The keys of revisions {@code from..to}, from the keys-only {@code rev-index}. */
	QueryRequest revisionKeys(EntityTarget target, long from, long to) {
		return QueryRequest.builder()
			.tableName(tableName)
			.indexName(TableLayout.REVISION_INDEX)
			.keyConditionExpression("#pk = :pk AND #r BETWEEN :from AND :to")
			.expressionAttributeNames(Map.of("#pk", TableLayout.PARTITION_KEY, "#r", TableLayout.REVISION))
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(target.pk()), ":from",
					AttributeValue.fromN(Long.toString(from)), ":to", AttributeValue.fromN(Long.toString(to))))
			.consistentRead(consistentRead)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	// ------------------------------------------------------------------------------------------------ purge

	/**
	 * Purge step 1: mark the latest item with the purge's token, take a revision number, leave every index; on the
	 * condition that it exists and is neither marked nor erased (the old item comes back on failure).
	 */
	UpdateItemRequest purgeMark(EntityTarget target, String token) {
		Map<String, String> names = new HashMap<>(Map.of("#pg", TableLayout.PURGING, "#v", TableLayout.VERSION,
				"#tpk", TableLayout.TYPE_PARTITION_KEY, "#tsk", TableLayout.TYPE_SORT_KEY, "#pk",
				TableLayout.PARTITION_KEY, "#e", TableLayout.ERASED));
		StringBuilder removed = new StringBuilder("#tpk, #tsk");
		for (IndexDefinition index : target.entity().getIndexes()) {
			for (String attribute : List.of(TableLayout.genericPartitionKey(index.slot()), TableLayout.genericSortKey(index.slot()))) {
				names.put("#" + attribute, attribute);
				removed.append(", #").append(attribute);
			}
		}
		return UpdateItemRequest.builder()
			.tableName(tableName)
			.key(target.latestKey())
			.updateExpression("SET #pg = :token, #v = #v + :one REMOVE " + removed)
			.conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#pg) AND attribute_not_exists(#e)")
			.expressionAttributeNames(names)
			.expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token), ":one", AttributeValue.fromN("1")))
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
	}

	/** Purge step 2: the keys of up to {@code limit} revision items, always strongly consistent. */
	QueryRequest purgeKeys(EntityTarget target, int limit) {
		return historyQuery(target, true).projectionExpression("#pk, #sk").limit(limit).build();
	}

	/**
	 * Purge step 2: deletes of {@code keys}, on the condition that the latest item still carries the purge's token.
	 */
	List<TransactWriteItem> purgeDeletes(EntityTarget target, String token, List<Map<String, AttributeValue>> keys) {
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
			actions.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tableName).key(key).build()).build());
		}
		return actions;
	}

	/**
	 * Purge step 3: turn the marked latest item into a stub (no state, no index keys, the version counting on), on the
	 * condition that it still carries the purge's token.
	 */
	UpdateItemRequest purgeStub(EntityTarget target, String token) {
		return UpdateItemRequest.builder()
			.tableName(tableName)
			.key(target.latestKey())
			.updateExpression("SET #e = :true, #b = #v REMOVE #pg, #d, #t, #w, #del")
			.conditionExpression("#pg = :token")
			.expressionAttributeNames(Map.of("#e", TableLayout.ERASED, "#b", TableLayout.BASE, "#v",
					TableLayout.VERSION, "#pg", TableLayout.PURGING, "#d", TableLayout.STATE, "#t", TableLayout.TYPE,
					"#w", TableLayout.WRITE_TOKEN, "#del", TableLayout.DELETED))
			.expressionAttributeValues(Map.of(":true", TRUE, ":token", AttributeValue.fromS(token)))
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
			.build();
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
}

package io.dynamini.changes;

import java.util.HashMap;
import java.util.Map;

import io.dynamini.core.DynaminiExceptionTranslator;
import io.dynamini.core.TableLayout;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A consumer group's items in the dynamini table, all in one partition no entity or tenant can produce
 * ({@link TableLayout#systemPartitionKey}): its first start ({@code group}: {@code ga}) and one checkpoint per shard
 * ({@code shard#<id>}: the last sequence number delivered {@code cs}, whether the shard is finished {@code cf}, and
 * the group lease's token {@code lt} that wrote it, so that a consumer whose lease was taken over can never move a
 * checkpoint back). The group's lease itself is a {@code io.dynamini.lease} lease named {@code changes/<group>}. Attribute names avoid DynamoDB's reserved words, so expressions need no name placeholders.
 */
final class FeedStore {

	static final String GROUP = "group";

	static final String SHARD_PREFIX = "shard#";

	private final DynamoDbClient client;

	private final String tableName;

	private final AttributeValue partition;

	private final DynaminiExceptionTranslator translator = new DynaminiExceptionTranslator();

	FeedStore(DynamoDbClient client, String tableName, String group) {
		this.client = client;
		this.tableName = tableName;
		this.partition = AttributeValue.fromS(TableLayout.systemPartitionKey("", "changes", group));
	}

	/**
	 * @return the millisecond of the group's first start: {@code now} if this is it
	 */
	long firstStart(long now) {
		Map<String, AttributeValue> item = new HashMap<>(key(GROUP));
		item.put("ga", AttributeValue.fromN(Long.toString(now)));
		if (translator.executeConditional("registration of the change feed's group", () -> client.putItem(r -> r.tableName(tableName)
			.item(item)
			.conditionExpression("attribute_not_exists(pk)")))) {
			return now;
		}
		Map<String, AttributeValue> stored = translator.execute("read of the change feed's group",
				() -> client.getItem(r -> r.tableName(tableName).key(key(GROUP)).consistentRead(true)).item());
		return Long.parseLong(stored.get("ga").n());
	}

	/** Every shard's checkpoint. */
	Map<String, Checkpoint> checkpoints() {
		Map<String, Checkpoint> checkpoints = new HashMap<>();
		Map<String, AttributeValue> start = null;
		do {
			Map<String, AttributeValue> from = start;
			QueryResponse page = translator.execute("read of the change feed's checkpoints", () -> client.query(r -> r
				.tableName(tableName)
				.keyConditionExpression("pk = :pk AND begins_with(sk, :shard)")
				.expressionAttributeValues(Map.of(":pk", partition, ":shard", AttributeValue.fromS(SHARD_PREFIX)))
				.consistentRead(true)
				.exclusiveStartKey(from)));
			for (Map<String, AttributeValue> item : page.items()) {
				AttributeValue sequence = item.get("cs");
				AttributeValue finished = item.get("cf");
				checkpoints.put(item.get("sk").s().substring(SHARD_PREFIX.length()),
						new Checkpoint(sequence == null ? null : sequence.s(), finished != null && finished.bool()));
			}
			start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
		}
		while (start != null);
		return checkpoints;
	}

	/**
	 * Stores a shard's checkpoint, unless a holder of a later lease token wrote it.
	 *
	 * @return whether it was stored
	 */
	boolean checkpoint(String shardId, @Nullable String sequence, boolean finished, long token) {
		Map<String, AttributeValue> values = new HashMap<>(Map.of(":fin", AttributeValue.fromBool(finished), ":tok",
				AttributeValue.fromN(Long.toString(token))));
		String update = "SET cf = :fin, lt = :tok";
		if (sequence != null) {
			update += ", cs = :seq";
			values.put(":seq", AttributeValue.fromS(sequence));
		}
		String expression = update;
		return translator.executeConditional("checkpoint of the change feed", () -> client.updateItem(r -> r.tableName(tableName)
			.key(key(SHARD_PREFIX + shardId))
			.updateExpression(expression)
			.conditionExpression("attribute_not_exists(lt) OR lt <= :tok")
			.expressionAttributeValues(values)));
	}

	/**
	 * @param sequence the last sequence number delivered, {@code null} if none was
	 * @param finished whether every record of the shard was delivered
	 */
	record Checkpoint(@Nullable String sequence, boolean finished) {
	}

	private Map<String, AttributeValue> key(String sortKey) {
		return Map.of(TableLayout.PARTITION_KEY, partition, TableLayout.SORT_KEY, AttributeValue.fromS(sortKey));
	}
}

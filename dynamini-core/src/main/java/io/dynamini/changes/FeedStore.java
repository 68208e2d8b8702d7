package io.dynamini.changes;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.dynamini.core.DynaminiExceptionTranslator;
import io.dynamini.core.TableLayout;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A consumer group's items in the dynamini table, all in one partition no entity or tenant can produce
 * ({@link TableLayout#systemPartitionKey}): the group's lease ({@code lease}: owner {@code lo}, fencing token
 * {@code lt}, heartbeat counter {@code lh}), its first start ({@code group}: {@code ga}) and one checkpoint per shard
 * ({@code shard#<id>}: the last sequence number delivered {@code cs}, whether the shard is finished {@code cf}, and
 * the lease token {@code lt} that wrote it, so that a consumer whose lease was taken over can never move a checkpoint
 * back). Attribute names avoid DynamoDB's reserved words, so expressions need no name placeholders.
 */
final class FeedStore {

	static final String LEASE = "lease";

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

	/** The lease as stored, or {@code null}. */
	@Nullable LeaseRecord readLease() {
		Map<String, AttributeValue> item = execute("read of the change feed's lease",
				() -> client.getItem(r -> r.tableName(tableName).key(key(LEASE)).consistentRead(true)).item());
		if (item == null || item.isEmpty()) {
			return null;
		}
		return new LeaseRecord(item.get("lo").s(), Long.parseLong(item.get("lt").n()), Long.parseLong(item.get("lh").n()));
	}

	/** Creates the lease for {@code owner} with token 1 if there is none. */
	boolean createLease(String owner) {
		Map<String, AttributeValue> item = new HashMap<>(key(LEASE));
		item.put("lo", AttributeValue.fromS(owner));
		item.put("lt", AttributeValue.fromN("1"));
		item.put("lh", AttributeValue.fromN("0"));
		return conditional("acquisition of the change feed's lease", () -> client.putItem(r -> r.tableName(tableName)
			.item(item)
			.conditionExpression("attribute_not_exists(pk)")));
	}

	/** Takes the lease over from what was {@code seen}, with the next token. */
	boolean takeOver(LeaseRecord seen, String owner) {
		return conditional("takeover of the change feed's lease", () -> client.updateItem(r -> r.tableName(tableName)
			.key(key(LEASE))
			.updateExpression("SET lo = :me, lt = :next, lh = :zero")
			.conditionExpression("lo = :o AND lt = :tok AND lh = :n")
			.expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner), ":next",
					AttributeValue.fromN(Long.toString(seen.token() + 1)), ":zero", AttributeValue.fromN("0"), ":o",
					AttributeValue.fromS(seen.owner()), ":tok", AttributeValue.fromN(Long.toString(seen.token())), ":n",
					AttributeValue.fromN(Long.toString(seen.heartbeat()))))));
	}

	/** Renews a held lease; {@code false} if it is no longer held. */
	boolean renew(String owner, long token) {
		return conditional("renewal of the change feed's lease", () -> client.updateItem(r -> r.tableName(tableName)
			.key(key(LEASE))
			.updateExpression("SET lh = lh + :one")
			.conditionExpression("lo = :me AND lt = :tok")
			.expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":me", AttributeValue.fromS(owner),
					":tok", AttributeValue.fromN(Long.toString(token))))));
	}

	/** Gives a held lease up, so that a standby takes it at once. */
	void release(String owner, long token) {
		conditional("release of the change feed's lease", () -> client.updateItem(r -> r.tableName(tableName)
			.key(key(LEASE))
			.updateExpression("SET lo = :none")
			.conditionExpression("lo = :me AND lt = :tok")
			.expressionAttributeValues(Map.of(":none", AttributeValue.fromS(LeaseRecord.RELEASED), ":me",
					AttributeValue.fromS(owner), ":tok", AttributeValue.fromN(Long.toString(token))))));
	}

	/**
	 * @return the millisecond of the group's first start: {@code now} if this is it
	 */
	long firstStart(long now) {
		Map<String, AttributeValue> item = new HashMap<>(key(GROUP));
		item.put("ga", AttributeValue.fromN(Long.toString(now)));
		if (conditional("registration of the change feed's group", () -> client.putItem(r -> r.tableName(tableName)
			.item(item)
			.conditionExpression("attribute_not_exists(pk)")))) {
			return now;
		}
		Map<String, AttributeValue> stored = execute("read of the change feed's group",
				() -> client.getItem(r -> r.tableName(tableName).key(key(GROUP)).consistentRead(true)).item());
		return Long.parseLong(stored.get("ga").n());
	}

	/** Every shard's checkpoint. */
	Map<String, Checkpoint> checkpoints() {
		Map<String, Checkpoint> checkpoints = new HashMap<>();
		Map<String, AttributeValue> start = null;
		do {
			Map<String, AttributeValue> from = start;
			QueryResponse page = execute("read of the change feed's checkpoints", () -> client.query(r -> r
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
		return conditional("checkpoint of the change feed", () -> client.updateItem(r -> r.tableName(tableName)
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

	/**
	 * @param owner the holder's id, {@link #RELEASED} when given up
	 * @param token the fencing token, one higher at every change of holder
	 * @param heartbeat counts the holder's renewals
	 */
	record LeaseRecord(String owner, long token, long heartbeat) {

		static final String RELEASED = "-";

		boolean released() {
			return RELEASED.equals(owner);
		}
	}

	private Map<String, AttributeValue> key(String sortKey) {
		return Map.of(TableLayout.PARTITION_KEY, partition, TableLayout.SORT_KEY, AttributeValue.fromS(sortKey));
	}

	private boolean conditional(String context, Runnable call) {
		try {
			execute(context, () -> {
				call.run();
				return null;
			});
			return true;
		}
		catch (DataAccessException ex) {
			if (ex.getCause() instanceof ConditionalCheckFailedException) {
				return false;
			}
			throw ex;
		}
	}

	private <R> R execute(String context, Supplier<R> call) {
		try {
			return call.get();
		}
		catch (ConditionalCheckFailedException ex) {
			throw new org.springframework.dao.OptimisticLockingFailureException(context + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			DataAccessException translated = translator.translate(ex, context);
			throw translated != null ? translated : ex;
		}
	}
}

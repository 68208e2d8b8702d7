package io.dynamini.lease;

import java.util.HashMap;
import java.util.Map;

import io.dynamini.core.DynaminiExceptionTranslator;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lease items' requests: owner {@code lo} ({@code "-"} when released), fencing token {@code lt}, heartbeat
 * counter {@code lh} and duration in milliseconds {@code ld}. Every change is conditional on what was read or held,
 * so two processes can never both succeed; attribute names avoid DynamoDB's reserved words.
 */
final class LeaseStore {

	static final String RELEASED = "-";

	private final DynamoDbClient client;

	private final String tableName;

	private final DynaminiExceptionTranslator translator = new DynaminiExceptionTranslator();

	LeaseStore(DynamoDbClient client, String tableName) {
		this.client = client;
		this.tableName = tableName;
	}

	/**
	 * @param owner the holder, {@link #RELEASED} when given up
	 * @param token the fencing token
	 * @param heartbeat the renewal counter
	 * @param durationMillis the holder's lease duration
	 */
	record Item(String owner, long token, long heartbeat, long durationMillis) {

		boolean released() {
			return RELEASED.equals(owner);
		}
	}

	@Nullable Item read(LeaseKey key) {
		Map<String, AttributeValue> item = translator.execute("read of lease " + key.name(),
				() -> client.getItem(r -> r.tableName(tableName).key(key.itemKey()).consistentRead(true)).item());
		if (item == null || item.isEmpty()) {
			return null;
		}
		return new Item(item.get("lo").s(), Long.parseLong(item.get("lt").n()), Long.parseLong(item.get("lh").n()),
				Long.parseLong(item.get("ld").n()));
	}

	boolean create(LeaseKey key, String owner, long durationMillis) {
		Map<String, AttributeValue> item = new HashMap<>(key.itemKey());
		item.put("lo", AttributeValue.fromS(owner));
		item.put("lt", AttributeValue.fromN("1"));
		item.put("lh", AttributeValue.fromN("0"));
		item.put("ld", AttributeValue.fromN(Long.toString(durationMillis)));
		return translator.executeConditional("acquisition of lease " + key.name(), () -> client.putItem(r -> r.tableName(tableName)
			.item(item)
			.conditionExpression("attribute_not_exists(pk)")));
	}

	/** Takes the lease from what was {@code seen} (released, or unchanged for its duration), with the next token. */
	boolean takeOver(LeaseKey key, Item seen, String owner, long durationMillis) {
		return translator.executeConditional("takeover of lease " + key.name(), () -> client.updateItem(r -> r.tableName(tableName)
			.key(key.itemKey())
			.updateExpression("SET lo = :me, lt = :next, lh = :zero, ld = :duration")
			.conditionExpression("lo = :o AND lt = :tok AND lh = :h")
			.expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner), ":next",
					AttributeValue.fromN(Long.toString(seen.token() + 1)), ":zero", AttributeValue.fromN("0"), ":duration",
					AttributeValue.fromN(Long.toString(durationMillis)), ":o", AttributeValue.fromS(seen.owner()), ":tok",
					AttributeValue.fromN(Long.toString(seen.token())), ":h",
					AttributeValue.fromN(Long.toString(seen.heartbeat()))))));
	}

	boolean renew(LeaseKey key, String owner, long token) {
		return translator.executeConditional("renewal of lease " + key.name(), () -> client.updateItem(r -> r.tableName(tableName)
			.key(key.itemKey())
			.updateExpression("SET lh = lh + :one")
			.conditionExpression("lo = :me AND lt = :tok")
			.expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":me", AttributeValue.fromS(owner),
					":tok", AttributeValue.fromN(Long.toString(token))))));
	}

	void release(LeaseKey key, String owner, long token) {
		translator.executeConditional("release of lease " + key.name(), () -> client.updateItem(r -> r.tableName(tableName)
			.key(key.itemKey())
			.updateExpression("SET lo = :none")
			.conditionExpression("lo = :me AND lt = :tok")
			.expressionAttributeValues(Map.of(":none", AttributeValue.fromS(RELEASED), ":me", AttributeValue.fromS(owner),
					":tok", AttributeValue.fromN(Long.toString(token))))));
	}
}

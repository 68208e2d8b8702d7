package io.dynamini.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB's documented behaviour, one rule per test with the page that states it, runnable against any endpoint:
 * the engine in-process, the engine over loopback HTTP, moto's server, or (by system property) anything else. Rules
 * that an implementation is known not to follow are skipped for it with the reason ({@link #unsupported}); docs/engine.md
 * lists them.
 */
abstract class AbstractConformanceTests {

	static final String DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest/";

	abstract DynamoDbClient client();

	abstract DynamoDbStreamsClient streams();

	/** @return why this implementation does not follow the named rule, or {@code null} if it does */
	String unsupported(String rule) {
		return null;
	}

	void requires(String rule) {
		String reason = unsupported(rule);
		Assumptions.assumeTrue(reason == null, () -> "not checked on this implementation: " + reason);
	}

	static AttributeValue s(String s) {
		return AttributeValue.fromS(s);
	}

	static AttributeValue n(String n) {
		return AttributeValue.fromN(n);
	}

	/** A table with pk (S) and sk (S), a GSI on g (S) and an LSI on l (N, keys only); streams of both images. */
	String table() {
		String name = "c-" + UUID.randomUUID();
		client().createTable(r -> r.tableName(name)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
					AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build(),
					AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build(),
					AttributeDefinition.builder().attributeName("l").attributeType(ScalarAttributeType.N).build())
			.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
					KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
			.globalSecondaryIndexes(GlobalSecondaryIndex.builder()
				.indexName("gsi")
				.keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
				.projection(Projection.builder().projectionType(ProjectionType.ALL).build())
				.build())
			.localSecondaryIndexes(LocalSecondaryIndex.builder()
				.indexName("lsi")
				.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
						KeySchemaElement.builder().attributeName("l").keyType(KeyType.RANGE).build())
				.projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
				.build())
			.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
		return name;
	}

	static Map<String, AttributeValue> key(String pk, String sk) {
		return Map.of("pk", s(pk), "sk", s(sk));
	}

	// HowItWorks.NamingRulesDataTypes.html
	@Test
	void everyDataTypeRoundTripsAndNumbersComeBackNormalized() {
		requires("numbers normalized");
		String table = table();
		Map<String, AttributeValue> item = new java.util.HashMap<>(key("a", "1"));
		item.put("n", n("01.500"));
		item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] { 0, (byte) 0xff })));
		item.put("ss", AttributeValue.fromSs(List.of("x", "y")));
		item.put("ns", AttributeValue.fromNs(List.of("1", "2")));
		item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromL(List.of(AttributeValue.fromNul(true),
				AttributeValue.fromBool(false))))));
		item.put("empty", s(""));
		client().putItem(r -> r.tableName(table).item(item));
		Map<String, AttributeValue> read = client().getItem(r -> r.tableName(table).key(key("a", "1")).consistentRead(true)).item();
		assertThat(read.get("n").n()).isEqualTo("1.5");
		assertThat(read.get("b").b().asByteArray()).containsExactly(0, 0xff);
		assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("x", "y");
		assertThat(read.get("m")).isEqualTo(item.get("m"));
		assertThat(read.get("empty").s()).as("empty strings are allowed outside keys").isEmpty();
	}

	// HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes
	@Test
	void emptyKeyValuesEmptySetsAndWrongKeyTypesAreRefused() {
		String table = table();
		assertThatThrownBy(() -> client().putItem(r -> r.tableName(table).item(key("", "1"))))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
		assertThatThrownBy(() -> client().putItem(r -> r.tableName(table).item(Map.of("pk", n("1"), "sk", s("1")))))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
		Map<String, AttributeValue> emptySet = new java.util.HashMap<>(key("a", "1"));
		emptySet.put("ss", AttributeValue.fromSs(List.of()));
		assertThatThrownBy(() -> client().putItem(r -> r.tableName(table).item(emptySet)))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	// ServiceQuotas.html#limits-items: 400 KB, attribute names and values included
	@Test
	void itemsAreLimitedTo400Kilobytes() {
		requires("item size accounting");
		String table = table();
		Map<String, AttributeValue> fits = new java.util.HashMap<>(key("a", "1"));
		fits.put("data", s("x".repeat(400 * 1024 - 100)));
		client().putItem(r -> r.tableName(table).item(fits));
		Map<String, AttributeValue> tooLarge = new java.util.HashMap<>(key("a", "2"));
		tooLarge.put("data", s("x".repeat(400 * 1024)));
		assertThatThrownBy(() -> client().putItem(r -> r.tableName(table).item(tooLarge)))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.getMessage()).contains("Item size"));
	}

	// API_PutItem.html, API_PutItem.html#DDB-PutItem-request-ReturnValuesOnConditionCheckFailure
	@Test
	void aFailedConditionWritesNothingAndCanReturnTheItem() {
		String table = table();
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"), "v", n("1"))));
		assertThatThrownBy(() -> client().putItem(r -> r.tableName(table)
			.item(Map.of("pk", s("a"), "sk", s("1"), "v", n("2")))
			.conditionExpression("attribute_not_exists(pk)")
			.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
			.isInstanceOfSatisfying(ConditionalCheckFailedException.class, ex -> {
				requires("ReturnValuesOnConditionCheckFailure");
				assertThat(ex.item()).containsEntry("v", n("1"));
			});
		assertThat(client().getItem(r -> r.tableName(table).key(key("a", "1")).consistentRead(true)).item().get("v"))
			.isEqualTo(n("1"));
	}

	// Expressions.UpdateExpressions.html
	@Test
	void updateExpressionsSetAddRemoveAndDeleteAndReturnWhatChanged() {
		String table = table();
		client().putItem(r -> r.tableName(table)
			.item(Map.of("pk", s("a"), "sk", s("1"), "count", n("1"), "tags", AttributeValue.fromSs(List.of("x", "y")),
					"stale", s("gone"))));
		var response = client().updateItem(r -> r.tableName(table)
			.key(key("a", "1"))
			.updateExpression("SET #c = #c + :one, added = :v REMOVE stale ADD fresh :one DELETE tags :x")
			.expressionAttributeNames(Map.of("#c", "count"))
			.expressionAttributeValues(Map.of(":one", n("1"), ":v", s("new"), ":x", AttributeValue.fromSs(List.of("x"))))
			.returnValues(ReturnValue.ALL_NEW));
		assertThat(response.attributes()).containsEntry("count", n("2"))
			.containsEntry("added", s("new"))
			.containsEntry("fresh", n("1"))
			.containsEntry("tags", AttributeValue.fromSs(List.of("y")))
			.doesNotContainKey("stale");
	}

	// Expressions.ExpressionAttributeNames.html#Expressions.ExpressionAttributeNames.ReservedWords, ReservedWords.html
	@Test
	void reservedWordsAndUnusedPlaceholdersAreRefused() {
		requires("reserved words");
		String table = table();
		assertThatThrownBy(() -> client().getItem(r -> r.tableName(table).key(key("a", "1")).projectionExpression("status")))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.getMessage()).contains("reserved keyword"));
		assertThatThrownBy(() -> client().putItem(r -> r.tableName(table)
			.item(key("a", "1"))
			.conditionExpression("attribute_not_exists(pk)")
			.expressionAttributeValues(Map.of(":unused", n("1")))))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.getMessage()).contains("unused"));
	}

	// Query.html#Query.KeyConditionExpressions: sort keys in UTF-8 byte order, numbers by value
	@Test
	void queriesReturnOnePartitionInSortKeyOrderEitherWay() {
		String table = table();
		for (String sk : List.of("b", "a", "\uFF61", "\uD83D\uDE00", "ab")) {
			client().putItem(r -> r.tableName(table).item(key("p", sk)));
		}
		client().putItem(r -> r.tableName(table).item(key("other", "a")));
		List<String> forward = client().query(r -> r.tableName(table)
			.keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p")))).items().stream().map(item -> item.get("sk").s()).toList();
		assertThat(forward).containsExactly("a", "ab", "b", "\uFF61", "\uD83D\uDE00");
		List<String> backward = client().query(r -> r.tableName(table)
			.keyConditionExpression("pk = :p AND begins_with(sk, :a)")
			.expressionAttributeValues(Map.of(":p", s("p"), ":a", s("a")))
			.scanIndexForward(false)).items().stream().map(item -> item.get("sk").s()).toList();
		assertThat(backward).containsExactly("ab", "a");
	}

	// Query.Limit.html, Query.FilterExpression.html: Limit and ScannedCount count items read before the filter
	@Test
	void limitCountsItemsReadBeforeTheFilter() {
		String table = table();
		for (int i = 0; i < 6; i++) {
			int value = i;
			client().putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s("s" + value), "even", AttributeValue.fromBool(value % 2 == 0))));
		}
		QueryResponse page = client().query(r -> r.tableName(table)
			.keyConditionExpression("pk = :p")
			.filterExpression("even = :t")
			.expressionAttributeValues(Map.of(":p", s("p"), ":t", AttributeValue.fromBool(true)))
			.limit(3));
		assertThat(page.scannedCount()).isEqualTo(3);
		assertThat(page.count()).isEqualTo(2);
		assertThat(page.lastEvaluatedKey()).isEqualTo(key("p", "s2"));
	}

	// Query.Pagination.html: a page holds at most 1 MB of items read
	@Test
	void pagesStopAtOneMegabyte() {
		String table = table();
		for (int i = 0; i < 15; i++) {
			String sk = "s%02d".formatted(i);
			client().putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s(sk), "data", s("x".repeat(100 * 1024)))));
		}
		QueryResponse first = client().query(r -> r.tableName(table)
			.keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p"))));
		assertThat(first.count()).isBetween(9, 11);
		assertThat(first.lastEvaluatedKey()).isNotEmpty();
		QueryResponse rest = client().query(r -> r.tableName(table)
			.keyConditionExpression("pk = :p")
			.expressionAttributeValues(Map.of(":p", s("p")))
			.exclusiveStartKey(first.lastEvaluatedKey()));
		assertThat(first.count() + rest.count()).isEqualTo(15);
	}

	// GSI.html: sparse indexes, no consistent reads, LastEvaluatedKey with the index's and the table's keys
	@Test
	void globalIndexesAreSparseAndRefuseConsistentReads() {
		String table = table();
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"), "g", s("x"))));
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("b"), "sk", s("1"), "g", s("x"))));
		client().putItem(r -> r.tableName(table).item(key("c", "1")));
		QueryResponse page = client().query(r -> r.tableName(table)
			.indexName("gsi")
			.keyConditionExpression("g = :x")
			.expressionAttributeValues(Map.of(":x", s("x")))
			.limit(1));
		assertThat(page.items()).hasSize(1);
		assertThat(page.lastEvaluatedKey()).containsOnlyKeys("pk", "sk", "g");
		assertThat(client().scan(r -> r.tableName(table).indexName("gsi")).count()).as("sparse").isEqualTo(2);
		assertThatThrownBy(() -> client().query(r -> r.tableName(table)
			.indexName("gsi")
			.consistentRead(true)
			.keyConditionExpression("g = :x")
			.expressionAttributeValues(Map.of(":x", s("x")))))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	// LSI.html#LSI.Projections: attributes not projected are fetched from the table
	@Test
	void aKeysOnlyLocalIndexFetchesTheRestFromTheTable() {
		requires("LSI fetch");
		String table = table();
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"), "l", n("7"), "other", s("data"))));
		QueryResponse keysOnly = client().query(r -> r.tableName(table)
			.indexName("lsi")
			.keyConditionExpression("pk = :a AND l = :seven")
			.expressionAttributeValues(Map.of(":a", s("a"), ":seven", n("7"))));
		assertThat(keysOnly.items().get(0)).containsOnlyKeys("pk", "sk", "l");
		QueryResponse all = client().query(r -> r.tableName(table)
			.indexName("lsi")
			.select(Select.ALL_ATTRIBUTES)
			.keyConditionExpression("pk = :a AND l = :seven")
			.expressionAttributeValues(Map.of(":a", s("a"), ":seven", n("7"))));
		assertThat(all.items().get(0)).containsEntry("other", s("data"));
	}

	// Scan.html#Scan.ParallelScan
	@Test
	void parallelScanSegmentsPartitionTheTable() {
		String table = table();
		for (int i = 0; i < 40; i++) {
			String pk = "p" + i;
			client().putItem(r -> r.tableName(table).item(key(pk, "1")));
		}
		Set<String> seen = new HashSet<>();
		int total = 0;
		for (int segment = 0; segment < 4; segment++) {
			int current = segment;
			for (Map<String, AttributeValue> item : client().scanPaginator(r -> r.tableName(table).segment(current).totalSegments(4)).items()) {
				seen.add(item.get("pk").s());
				total++;
			}
		}
		assertThat(total).isEqualTo(40);
		assertThat(seen).hasSize(40);
	}

	// API_BatchWriteItem.html, API_BatchGetItem.html: 25 writes, 100 keys
	@Test
	void batchesWriteAndReadWithinTheirLimits() {
		requires("batch limits");
		String table = table();
		List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> writes = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			writes.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
				.putRequest(p -> p.item(key("p", "s" + writes.size())))
				.build());
		}
		assertThat(client().batchWriteItem(r -> r.requestItems(Map.of(table, writes))).unprocessedItems()).isEmpty();
		List<Map<String, AttributeValue>> keys = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			keys.add(key("p", "s" + i));
		}
		var read = client().batchGetItem(r -> r.requestItems(Map.of(table,
				software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(keys).build())));
		assertThat(read.responses().get(table)).hasSize(25);
		List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> tooMany = new ArrayList<>(writes);
		tooMany.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(key("p", "extra"))).build());
		assertThatThrownBy(() -> client().batchWriteItem(r -> r.requestItems(Map.of(table, tooMany))))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	// transaction-apis.html: all or nothing, one reason per action in order, one action per item
	@Test
	void aTransactionIsAllOrNothingWithOneReasonPerAction() {
		String table = table();
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"), "v", n("1"))));
		TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(table).item(key("b", "1"))).build();
		TransactWriteItem failing = TransactWriteItem.builder()
			.conditionCheck(c -> c.tableName(table)
				.key(key("a", "1"))
				.conditionExpression("v = :two")
				.expressionAttributeValues(Map.of(":two", n("2")))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
			.build();
		assertThatThrownBy(() -> client().transactWriteItems(r -> r.transactItems(put, failing)))
			.isInstanceOfSatisfying(TransactionCanceledException.class, ex -> {
				assertThat(ex.cancellationReasons()).extracting(reason -> reason.code())
					.containsExactly("None", "ConditionalCheckFailed");
				requires("ReturnValuesOnConditionCheckFailure");
				assertThat(ex.cancellationReasons().get(1).item()).containsEntry("v", n("1"));
			});
		assertThat(client().getItem(r -> r.tableName(table).key(key("b", "1")).consistentRead(true)).hasItem())
			.as("nothing written").isFalse();
		TransactWriteItem sameItem = TransactWriteItem.builder().put(p -> p.tableName(table).item(key("b", "1"))).build();
		assertThatThrownBy(() -> client().transactWriteItems(r -> r.transactItems(put, sameItem)))
			.isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	// transaction-apis.html#transaction-apis-txwriteitems (idempotency): 10 minutes per client request token
	@Test
	void aClientRequestTokenMakesATransactionIdempotent() {
		requires("ClientRequestToken");
		String table = table();
		TransactWriteItem increment = TransactWriteItem.builder()
			.update(u -> u.tableName(table).key(key("a", "1")).updateExpression("ADD c :one").expressionAttributeValues(Map.of(":one", n("1"))))
			.build();
		String token = UUID.randomUUID().toString();
		client().transactWriteItems(r -> r.transactItems(increment).clientRequestToken(token));
		client().transactWriteItems(r -> r.transactItems(increment).clientRequestToken(token));
		assertThat(client().getItem(r -> r.tableName(table).key(key("a", "1")).consistentRead(true)).item().get("c"))
			.isEqualTo(n("1"));
		TransactWriteItem other = TransactWriteItem.builder().put(p -> p.tableName(table).item(key("z", "1"))).build();
		assertThatThrownBy(() -> client().transactWriteItems(r -> r.transactItems(other).clientRequestToken(token)))
			.isInstanceOf(IdempotentParameterMismatchException.class);
	}

	// read-write-operations.html#read-operation-consumption, transaction-apis.html#transaction-capacity-handling
	@Test
	void consumedCapacityFollowsTheUnitRules() {
		requires("consumed capacity");
		String table = table();
		Map<String, AttributeValue> item = new java.util.HashMap<>(key("a", "1"));
		item.put("data", s("x".repeat(1500)));
		ConsumedCapacity put = client().putItem(r -> r.tableName(table).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
			.consumedCapacity();
		assertThat(put.capacityUnits()).as("1.5 KB: 2 write units").isEqualTo(2.0);
		assertThat(client().getItem(r -> r.tableName(table).key(key("a", "1")).consistentRead(true)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(1.0);
		assertThat(client().getItem(r -> r.tableName(table).key(key("a", "1"))
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).as("eventually consistent: half").isEqualTo(0.5);
		var transaction = client().transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build())
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
		assertThat(transaction.consumedCapacity().get(0).capacityUnits()).as("transactional: twice").isEqualTo(4.0);
	}

	// Streams.html#Streams.DataModel: INSERT, MODIFY, REMOVE with the images asked for, sequence numbers increasing
	@Test
	void theStreamRecordsEveryChangeAndNothingForANoOpWrite() {
		String table = table();
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"), "v", n("1"))));
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"), "v", n("1"))));
		client().updateItem(r -> r.tableName(table).key(key("a", "1")).updateExpression("SET v = :two").expressionAttributeValues(Map.of(":two", n("2"))));
		client().deleteItem(r -> r.tableName(table).key(key("a", "1")));
		List<Record> records = records(table);
		List<OperationType> kinds = records.stream().map(Record::eventName).toList();
		if (unsupported("no record for a no-op write") == null) {
			assertThat(kinds).containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
		}
		else {
			assertThat(kinds).containsSubsequence(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
		}
		Record modify = records.stream().filter(record -> record.eventName() == OperationType.MODIFY).reduce((a, b) -> b).orElseThrow();
		assertThat(modify.dynamodb().oldImage()).containsEntry("v", n("1"));
		assertThat(modify.dynamodb().newImage()).containsEntry("v", n("2"));
		assertThat(modify.dynamodb().sizeBytes()).isPositive();
		List<java.math.BigInteger> sequences = records.stream().map(record -> new java.math.BigInteger(record.dynamodb().sequenceNumber())).toList();
		assertThat(sequences).isSorted().doesNotHaveDuplicates();
	}

	List<Record> records(String table) {
		String arn = client().describeTable(r -> r.tableName(table)).table().latestStreamArn();
		List<Record> records = new ArrayList<>();
		for (var shard : streams().describeStream(r -> r.streamArn(arn)).streamDescription().shards()) {
			String iterator = streams().getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
				.shardIterator();
			for (int i = 0; i < 5 && iterator != null; i++) {
				String current = iterator;
				var response = streams().getRecords(r -> r.shardIterator(current));
				records.addAll(response.records());
				iterator = response.records().isEmpty() ? null : response.nextShardIterator();
			}
		}
		return records;
	}

	// APIReference/API_DescribeTable.html, API_CreateTable.html (ResourceInUseException), API_GetItem.html (ResourceNotFoundException)
	@Test
	void tablesAreDescribedAndErrorsNamedAsDynamoDbNamesThem() {
		String table = table();
		assertThat(client().describeTable(r -> r.tableName(table)).table().tableStatusAsString()).isEqualTo("ACTIVE");
		assertThat(client().listTables().tableNames()).contains(table);
		assertThatThrownBy(() -> client().getItem(r -> r.tableName("missing-" + UUID.randomUUID()).key(key("a", "1"))))
			.isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(this::createAgain).isInstanceOf(ResourceInUseException.class);
		client().updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
		assertThat(client().describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().attributeName()).isEqualTo("ttl");
	}

	private String existing;

	private void createAgain() {
		if (existing == null) {
			existing = table();
		}
		client().createTable(r -> r.tableName(existing)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
	}

	// LegacyConditionalParameters.Expected.html, LegacyConditionalParameters.AttributeUpdates.html (the KCL's leases)
	@Test
	void theLegacyExpectedAndAttributeUpdatesParametersWork() {
		requires("legacy Expected");
		String table = table();
		client().putItem(r -> r.tableName(table).item(Map.of("pk", s("lease"), "sk", s("1"), "owner", s("a"), "counter", n("1"))));
		client().updateItem(r -> r.tableName(table)
			.key(key("lease", "1"))
			.expected(Map.of("owner", software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue.builder().value(s("a")).build()))
			.attributeUpdates(Map.of("owner", software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate.builder().value(s("b")).build(),
					"counter", software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate.builder()
						.action(software.amazon.awssdk.services.dynamodb.model.AttributeAction.ADD).value(n("1")).build())));
		assertThatThrownBy(() -> client().deleteItem(r -> r.tableName(table)
			.key(key("lease", "1"))
			.expected(Map.of("owner", software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue.builder().value(s("a")).build()))))
			.isInstanceOf(ConditionalCheckFailedException.class);
		assertThat(client().getItem(r -> r.tableName(table).key(key("lease", "1")).consistentRead(true)).item())
			.containsEntry("owner", s("b"))
			.containsEntry("counter", n("2"));
	}
}

package io.dynamini.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What only this engine does among local engines, each against DynamoDB's documentation: streams with several shards,
 * lineage and rollover, retention and iterator expiry; TTL deletion with the service's identity; transaction
 * conflicts; and deterministic fault injection.
 */
class EngineBehaviourTests {

	/** A clock the test moves. */
	static final class MovableClock extends Clock {

		final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

		@Override
		public Instant instant() {
			return now.get();
		}

		void advance(Duration duration) {
			now.updateAndGet(instant -> instant.plus(duration));
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	}

	final MovableClock clock = new MovableClock();

	final List<AutoCloseable> closing = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : closing) {
			closeable.close();
		}
	}

	EmbeddedDynamoDb engine(EmbeddedDynamoDb.Builder builder) {
		EmbeddedDynamoDb engine = builder.clock(clock).timeToLiveSweepInterval(null).start();
		closing.add(engine);
		return engine;
	}

	DynamoDbClient client(EmbeddedDynamoDb engine, boolean retries) {
		DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(URI.create("http://in-process.invalid"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
			.httpClient(engine.httpClient())
			.overrideConfiguration(config -> {
				if (!retries) {
					config.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry());
				}
			})
			.build();
		closing.add(client);
		return client;
	}

	DynamoDbStreamsClient streams(EmbeddedDynamoDb engine) {
		DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
			.endpointOverride(URI.create("http://in-process.invalid"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
			.httpClient(engine.httpClient())
			.build();
		closing.add(streams);
		return streams;
	}

	static String table(DynamoDbClient client, boolean stream) {
		String name = "e-" + UUID.randomUUID();
		client.createTable(r -> {
			r.tableName(name)
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
				.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
			if (stream) {
				r.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
			}
		});
		return name;
	}

	static Map<String, AttributeValue> item(String pk) {
		return Map.of("pk", AttributeValue.fromS(pk));
	}

	static List<Record> readAll(DynamoDbStreamsClient streams, String arn, String shardId) {
		List<Record> records = new ArrayList<>();
		String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
			.shardIterator();
		while (iterator != null) {
			String current = iterator;
			var response = streams.getRecords(r -> r.shardIterator(current));
			records.addAll(response.records());
			if (response.records().isEmpty() && response.nextShardIterator() != null) {
				break;
			}
			iterator = response.nextShardIterator();
		}
		return records;
	}

	@Test
	void recordsOfOneItemStayInOneOfSeveralShardsAcrossRolloversAndClosedShardsNameTheirChildren() {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder().streamShards(4));
		DynamoDbClient client = client(engine, true);
		DynamoDbStreamsClient streams = streams(engine);
		String table = table(client, true);
		for (int i = 0; i < 40; i++) {
			int n = i;
			client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("item-" + (n % 8)), "v",
					AttributeValue.fromN(Integer.toString(n)))));
			if (i == 19) {
				engine.rollOverStream(table);
			}
		}
		String arn = client.describeTable(r -> r.tableName(table)).table().latestStreamArn();
		List<Shard> shards = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards();
		assertThat(shards).hasSize(8);
		List<Shard> parents = shards.stream().filter(shard -> shard.parentShardId() == null).toList();
		assertThat(parents).hasSize(4).allSatisfy(shard -> assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNotNull());
		for (Shard parent : parents) {
			List<Shard> children = streams.describeStream(r -> r.streamArn(arn)
				.shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS).shardId(parent.shardId()))).streamDescription().shards();
			assertThat(children).singleElement().satisfies(child -> assertThat(child.parentShardId()).isEqualTo(parent.shardId()));
		}
		Map<String, String> shardOfItem = new java.util.HashMap<>();
		Map<String, List<Integer>> versions = new java.util.HashMap<>();
		for (Shard parent : parents) {
			Shard child = shards.stream().filter(shard -> parent.shardId().equals(shard.parentShardId())).findFirst().orElseThrow();
			for (Shard shard : List.of(parent, child)) {
				for (Record record : readAll(streams, arn, shard.shardId())) {
					String pk = record.dynamodb().keys().get("pk").s();
					assertThat(shardOfItem.putIfAbsent(pk, parent.shardId()) == null || shardOfItem.get(pk).equals(parent.shardId()))
						.as("all records of %s in one lineage", pk).isTrue();
					versions.computeIfAbsent(pk, key -> new ArrayList<>()).add(Integer.parseInt(record.dynamodb().newImage().get("v").n()));
				}
			}
		}
		assertThat(versions.values().stream().mapToInt(List::size).sum()).isEqualTo(40);
		versions.values().forEach(list -> assertThat(list).isSorted());
		assertThat(streams.describeStream(r -> r.streamArn(arn).limit(3)).streamDescription().lastEvaluatedShardId()).isNotNull();
	}

	@Test
	void itemsOfOnePartitionKeyShareOneShardInWriteOrderWhateverTheirSortKeys() {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder().streamShards(4));
		DynamoDbClient client = client(engine, true);
		DynamoDbStreamsClient streams = streams(engine);
		String table = "e-" + UUID.randomUUID();
		client.createTable(r -> r.tableName(table)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
					AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
					KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
			.streamSpecification(spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
		for (int i = 0; i < 60; i++) {
			String sk = "%03d".formatted(i);
			client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("entity-" + (sk.hashCode() % 3)),
					"sk", AttributeValue.fromS(sk))));
		}
		String arn = client.describeTable(r -> r.tableName(table)).table().latestStreamArn();
		Map<String, String> shardOfPartition = new java.util.HashMap<>();
		Map<String, List<String>> sortKeys = new java.util.HashMap<>();
		for (Shard shard : streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards()) {
			for (Record record : readAll(streams, arn, shard.shardId())) {
				String pk = record.dynamodb().keys().get("pk").s();
				assertThat(shardOfPartition.computeIfAbsent(pk, key -> shard.shardId())).as(pk).isEqualTo(shard.shardId());
				sortKeys.computeIfAbsent(pk, key -> new ArrayList<>()).add(record.dynamodb().keys().get("sk").s());
			}
		}
		assertThat(sortKeys).hasSize(3);
		assertThat(sortKeys.values().stream().mapToInt(List::size).sum()).isEqualTo(60);
		sortKeys.values().forEach(list -> assertThat(list).isSorted());
	}

	@Test
	void recordsOlderThanTheRetentionAreTrimmedAndIteratorsExpireAfterFifteenMinutes() {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder().streamRetention(Duration.ofHours(1)));
		DynamoDbClient client = client(engine, true);
		DynamoDbStreamsClient streams = streams(engine);
		String table = table(client, true);
		client.putItem(r -> r.tableName(table).item(item("a")));
		String arn = client.describeTable(r -> r.tableName(table)).table().latestStreamArn();
		Shard shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0);
		String first = readAll(streams, arn, shard.shardId()).get(0).dynamodb().sequenceNumber();
		String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.LATEST))
			.shardIterator();
		clock.advance(Duration.ofMinutes(16));
		assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(iterator))).isInstanceOf(ExpiredIteratorException.class);
		clock.advance(Duration.ofHours(1));
		client.putItem(r -> r.tableName(table).item(item("b")));
		assertThatThrownBy(() -> streams.getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId())
			.shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(first)))
			.isInstanceOf(TrimmedDataAccessException.class);
		assertThat(readAll(streams, arn, shard.shardId())).singleElement()
			.satisfies(record -> assertThat(record.dynamodb().keys().get("pk").s()).isEqualTo("b"));
	}

	@Test
	void timeToLiveDeletesExpiredItemsAsTheServiceAndLeavesOthers() {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder());
		DynamoDbClient client = client(engine, true);
		DynamoDbStreamsClient streams = streams(engine);
		String table = table(client, true);
		client.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
		long now = clock.instant().getEpochSecond();
		client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("expired"), "ttl", AttributeValue.fromN(Long.toString(now - 1)))));
		client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("later"), "ttl", AttributeValue.fromN(Long.toString(now + 60)))));
		client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("ancient"), "ttl",
				AttributeValue.fromN(Long.toString(now - 6L * 365 * 24 * 3600)))));
		client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("text"), "ttl", AttributeValue.fromS("soon"))));
		assertThat(client.getItem(r -> r.tableName(table).key(item("expired"))).hasItem()).as("read until swept").isTrue();

		assertThat(engine.sweepTimeToLive()).isEqualTo(1);
		assertThat(client.getItem(r -> r.tableName(table).key(item("expired"))).hasItem()).isFalse();
		assertThat(client.scan(r -> r.tableName(table)).count()).as("later, more than 5 years old, not a number").isEqualTo(3);
		String arn = client.describeTable(r -> r.tableName(table)).table().latestStreamArn();
		Shard shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0);
		Record removal = readAll(streams, arn, shard.shardId()).stream()
			.filter(record -> record.eventNameAsString().equals("REMOVE"))
			.findFirst()
			.orElseThrow();
		assertThat(removal.userIdentity().type()).isEqualTo("Service");
		assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
		assertThat(removal.dynamodb().oldImage()).containsKey("ttl");
	}

	@Test
	void aPlainWriteToAnItemAnInFlightTransactionHoldsConflictsAndSoDoesAnOverlappingTransaction() throws Exception {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder());
		DynamoDbClient client = client(engine, false);
		String table = table(client, false);
		engine.faults().on("TransactWriteItems").times(1).holdTransaction(Duration.ofMillis(2000));
		TransactWriteItem write = TransactWriteItem.builder().put(p -> p.tableName(table).item(item("held"))).build();
		CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> client.transactWriteItems(r -> r.transactItems(write)));
		Thread.sleep(500);
		assertThatThrownBy(() -> client.putItem(r -> r.tableName(table).item(item("held"))))
			.isInstanceOf(TransactionConflictException.class);
		assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(write)))
			.isInstanceOfSatisfying(TransactionCanceledException.class, ex -> assertThat(ex.cancellationReasons())
				.extracting(reason -> reason.code()).containsExactly("TransactionConflict"));
		assertThat(client.getItem(r -> r.tableName(table).key(item("held"))).hasItem()).as("not committed yet").isFalse();
		slow.get();
		assertThat(client.getItem(r -> r.tableName(table).key(item("held"))).hasItem()).isTrue();
		client.putItem(r -> r.tableName(table).item(item("held")));
	}

	@Test
	void faultsAreDeterministicAndLostResponsesWereApplied() {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder());
		DynamoDbClient noRetries = client(engine, false);
		String table = table(noRetries, false);
		engine.faults().on("PutItem").table(table).times(2).throttle();
		assertThatThrownBy(() -> noRetries.putItem(r -> r.tableName(table).item(item("a"))))
			.isInstanceOf(ProvisionedThroughputExceededException.class);
		DynamoDbClient retrying = client(engine, true);
		retrying.putItem(r -> r.tableName(table).item(item("a")));
		engine.faults().on("GetItem").times(1).internalError();
		assertThatThrownBy(() -> noRetries.getItem(r -> r.tableName(table).key(item("a")))).isInstanceOf(InternalServerErrorException.class);

		engine.faults().on("PutItem").times(1).loseResponse();
		assertThatThrownBy(() -> noRetries.putItem(r -> r.tableName(table).item(item("lost"))))
			.hasMessageContaining("dropped its response");
		assertThat(noRetries.getItem(r -> r.tableName(table).key(item("lost")).consistentRead(true)).hasItem())
			.as("applied before the response was lost").isTrue();

		engine.faults().on("BatchWriteItem").times(1).processOnly(2);
		var batch = noRetries.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(put("b1"), put("b2"), put("b3"), put("b4")))));
		assertThat(batch.unprocessedItems().get(table)).hasSize(2);
		engine.faults().on("TransactWriteItems").times(1).transactionConflict();
		assertThatThrownBy(() -> noRetries.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(p -> p.tableName(table).item(item("t"))).build())))
			.isInstanceOfSatisfying(TransactionCanceledException.class, ex -> assertThat(ex.cancellationReasons().get(0).code()).isEqualTo("TransactionConflict"));
	}

	@Test
	void aTableFaultHitsABatchOrTransactionWithAnyItemInThatTableOnly() {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder());
		DynamoDbClient client = client(engine, false);
		String first = table(client, false);
		String second = table(client, false);
		engine.faults().on("TransactWriteItems").table(second).times(1).transactionConflict();
		engine.faults().on("BatchWriteItem").table(second).times(1).processOnly(1);

		client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(p -> p.tableName(first).item(item("only-first"))).build()));
		var batchOfFirst = client.batchWriteItem(r -> r.requestItems(Map.of(first, List.of(put("b1"), put("b2")))));
		assertThat(batchOfFirst.unprocessedItems()).as("not a request on the faulted table").isEmpty();
		assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(
				TransactWriteItem.builder().put(p -> p.tableName(first).item(item("t1"))).build(),
				TransactWriteItem.builder().put(p -> p.tableName(second).item(item("t2"))).build())))
			.as("its second action is on the faulted table")
			.isInstanceOf(TransactionCanceledException.class);
		var mixedBatch = client.batchWriteItem(r -> r.requestItems(Map.of(first, List.of(put("b3")), second, List.of(put("b4")))));
		assertThat(mixedBatch.unprocessedItems().values().stream().mapToInt(List::size).sum()).isEqualTo(1);
		assertThat(client.getItem(r -> r.tableName(first).key(item("t1")).consistentRead(true)).hasItem()).isFalse();
	}

	static software.amazon.awssdk.services.dynamodb.model.WriteRequest put(String pk) {
		return software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(item(pk))).build();
	}

	@Test
	void streamLagHoldsRecordsBackUntilTheyAreOldEnough() {
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder());
		DynamoDbClient client = client(engine, true);
		DynamoDbStreamsClient streams = streams(engine);
		String table = table(client, true);
		engine.faults().streamLag(Duration.ofSeconds(5));
		client.putItem(r -> r.tableName(table).item(item("a")));
		String arn = client.describeTable(r -> r.tableName(table)).table().latestStreamArn();
		String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
		assertThat(readAll(streams, arn, shard)).isEmpty();
		clock.advance(Duration.ofSeconds(6));
		assertThat(readAll(streams, arn, shard)).hasSize(1);
	}

	@Test
	void aStreamCreatedOnAWholeSecondIsLabelledToTheMillisecond() {
		// found by this suite once: Instant.toString() drops a zero fraction, and the label was cut from it
		clock.now.set(Instant.parse("2026-12-06T06:28:12Z"));
		EmbeddedDynamoDb engine = engine(EmbeddedDynamoDb.builder());
		DynamoDbClient client = client(engine, false);
		String table = table(client, true);
		assertThat(client.describeTable(r -> r.tableName(table)).table().latestStreamLabel()).isEqualTo("2026-12-06T06:28:12.000");
	}
}

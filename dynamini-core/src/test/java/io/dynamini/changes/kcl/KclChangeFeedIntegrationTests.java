package io.dynamini.changes.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeEventDecoder;
import io.dynamini.changes.ChangeFeedOptions;
import io.dynamini.changes.StartPosition;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * {@code kcl} mode's delivery guarantees with one worker on the engine (a stream of four shards): a listener that
 * fails for good stops its shard only, the health says why, and a restart resumes at that event; a new group at
 * {@code LATEST} starts at the shards' ends. The scale-out, failover and restart of several workers are in the
 * starter's {@code KclChangeFeedScaleOutTests}.
 */
class KclChangeFeedIntegrationTests {

	static final EmbeddedDynamoDb engine = EmbeddedDynamoDb.builder().streamShards(4).start();

	static final StaticCredentialsProvider credentials = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("local", "local"));

	static final DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.getEndpoint())
		.region(Region.US_EAST_1).credentialsProvider(credentials).build();

	/** Every operation the KCL's clients sent, with the kind of table it went to: the IAM actions kcl mode needs. */
	static final Set<String> operations = ConcurrentHashMap.newKeySet();

	static final ExecutionInterceptor recorder = new ExecutionInterceptor() {

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			String table = context.request().getValueForField("TableName", String.class).orElse("");
			String target = context.request().getClass().getPackageName().contains("cloudwatch") ? "cloudwatch"
					: table.contains("-changes-") ? "group tables" : table.isEmpty() ? "stream" : "dynamini table";
			operations.add(target + " " + context.request().getClass().getSimpleName().replace("Request", ""));
		}
	};

	static final DynamoDbAsyncClient async = DynamoDbAsyncClient.builder().endpointOverride(engine.getEndpoint())
		.region(Region.US_EAST_1).credentialsProvider(credentials)
		.overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();

	static final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(engine.getEndpoint())
		.region(Region.US_EAST_1).credentialsProvider(credentials)
		.overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();

	/** The KCL's metrics client: with the default metrics level nothing may reach it (the check in close()). */
	static final CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder().endpointOverride(engine.getEndpoint())
		.region(Region.US_EAST_1).credentialsProvider(credentials)
		.overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();

	static final DynaminiEntityConverter converter = new DynaminiEntityConverter(new DynaminiMappingContext());

	@AfterAll
	static void close() {
		// the actions README and docs/changes.md list for kcl mode cover every request the KCL made, and with the
		// default metrics level none went to CloudWatch
		assertThat(operations).isSubsetOf("group tables CreateTable", "group tables DescribeTable",
				"group tables UpdateTable", "group tables GetItem", "group tables PutItem", "group tables UpdateItem",
				"group tables DeleteItem", "group tables Scan", "group tables Query", "stream DescribeStream",
				"stream GetShardIterator", "stream GetRecords", "stream ListStreams");
		System.out.println("kcl mode requests: " + new java.util.TreeSet<>(operations));
		engine.close();
	}

	static DynaminiTemplate table(String name) {
		new DynaminiTableAdmin(client).createTable(name, TableCapacity.onDemand(), true);
		converter.getMappingContext().getRequiredPersistentEntity(Note.class);
		return DynaminiTemplate.builder().client(client).tableName(name).converter(converter).build();
	}

	static void write(DynaminiTemplate template, String id, int revisions) {
		Note note = new Note("ann", "0");
		note.setId(id);
		for (int r = 1; r <= revisions; r++) {
			note.setText(Integer.toString(r));
			note = template.save(note);
		}
	}

	KclChangeFeed feed(String table, String group, ChangeFeedOptions options, Consumer<ChangeEvent<?>> listener) {
		KclChangeFeed feed = new KclChangeFeed(client, async, streams, cloudWatch, table, new ChangeEventDecoder(converter),
				listener, options, KclOptions.of(group + "-worker"));
		feeds.add(feed);
		feed.start();
		return feed;
	}

	static ChangeFeedOptions options(String group) {
		return ChangeFeedOptions.of(group).withPollInterval(Duration.ofMillis(200)).withLeaseDuration(Duration.ofSeconds(3));
	}

	final List<KclChangeFeed> feeds = new ArrayList<>();

	@AfterEach
	void stopFeeds() {
		feeds.forEach(KclChangeFeed::stop);
	}

	static List<String> delivered(List<ChangeEvent<?>> events) {
		return events.stream().map(event -> event.id() + "@" + event.revision()).toList();
	}

	@Test
	void aListenerFailingForGoodStopsOnlyItsShardAndARestartResumesAtThatEvent() {
		String table = "kcl-fail-" + System.nanoTime();
		DynaminiTemplate template = table(table);
		for (int e = 0; e < 12; e++) {
			write(template, "entity-" + e, 3);
		}
		write(template, "poison", 3);
		write(template, "flaky", 2);
		List<ChangeEvent<?>> events = new CopyOnWriteArrayList<>();
		Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
		KclChangeFeed feed = feed(table, "g", options("g").withMaxAttempts(3), event -> {
			String key = event.id() + "@" + event.revision();
			int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
			if (key.equals("poison@2") || (key.equals("flaky@1") && attempt < 3)) {
				throw new IllegalStateException("listener refuses " + key);
			}
			events.add(event);
		});

		await().atMost(Duration.ofSeconds(90)).until(() -> feed.failure().isPresent());
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered(events).contains("flaky@2"));
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
		assertThat(feed.failure().get()).hasMessageContaining("failed 3 times").hasMessageContaining("poison");
		assertThat(feed.details()).containsKey("failedShards");
		assertThat(attempts.get("poison@2")).hasValue(3);
		assertThat(attempts.get("flaky@1")).hasValue(3);
		List<String> first = delivered(events);
		assertThat(first).contains("poison@1", "flaky@1", "flaky@2").doesNotContain("poison@2", "poison@3").doesNotHaveDuplicates();
		// entities of other shards went on
		assertThat(first.stream().filter(key -> key.startsWith("entity-")).count()).isPositive();

		feed.stop();
		List<ChangeEvent<?>> resumed = new CopyOnWriteArrayList<>();
		feed(table, "g", options("g"), resumed::add);
		await().atMost(Duration.ofSeconds(60)).until(() -> delivered(resumed).contains("poison@3"));
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
		List<String> all = new ArrayList<>(first);
		all.addAll(delivered(resumed));
		assertThat(delivered(resumed)).startsWith("poison@2", "poison@3").doesNotContainAnyElementsOf(first);
		assertThat(all).hasSize(12 * 3 + 3 + 2).doesNotHaveDuplicates();
	}

	@Test
	void aNewGroupStartingAtLatestSkipsWhatTheStreamHeldBeforeItsLeases() {
		String table = "kcl-latest-" + System.nanoTime();
		DynaminiTemplate template = table(table);
		write(template, "old", 3);
		List<ChangeEvent<?>> events = new CopyOnWriteArrayList<>();
		KclChangeFeed feed = feed(table, "g", options("g").withStartPosition(StartPosition.LATEST), events::add);
		await().atMost(Duration.ofSeconds(90)).until(() -> feed.heldShards().size() == 4);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
		write(template, "new", 2);
		await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= 2);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(delivered(events)).containsExactly("new@1", "new@2");
	}
}

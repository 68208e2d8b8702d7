package io.dynamini.changes.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.dynamini.changes.ChangeEventDecoder;
import io.dynamini.changes.ChangeFeedOptions;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The measurements docs/changes.md gives for {@code kcl} mode (tagged {@code benchmark}: not part of the test run;
 * {@code mvn -B -pl dynamini-core test -Dtest=KclChangeFeedMeasurements -Ddynamini.test.groups=benchmark
 * -Ddynamini.test.excludedGroups=soak}): events per second delivered by 1 and by 3 workers (in one JVM) catching up on
 * 10,000 revisions, with the default settings (poll interval 1 s, batches of 1,000, leases of 10 s); then the
 * requests an idle group of 3 workers makes per minute, by operation and table, the base of the cost table.
 */
@Tag("benchmark")
class KclChangeFeedMeasurements {

	static final StaticCredentialsProvider credentials = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("local", "local"));

	static final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

	static final ExecutionInterceptor counter = new ExecutionInterceptor() {

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			SdkRequest request = context.request();
			String table = request.getValueForField("TableName", String.class).orElse("");
			String kind = table.endsWith("-CoordinatorState") ? "coordinator table"
					: table.endsWith("-WorkerMetricStats") ? "worker metrics table"
							: table.contains("-changes-") ? "lease table" : table.isEmpty() ? "stream" : "dynamini table";
			requests.computeIfAbsent(kind + " " + request.getClass().getSimpleName().replace("Request", ""),
					k -> new AtomicLong()).incrementAndGet();
		}
	};

	@Test
	void throughputOfOneAndThreeWorkersAndTheRequestsOfAnIdleGroup() throws Exception {
		try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.builder().streamShards(4).start();
				DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.getEndpoint())
					.region(Region.US_EAST_1).credentialsProvider(credentials).build();
				DynamoDbAsyncClient async = DynamoDbAsyncClient.builder().endpointOverride(engine.getEndpoint())
					.region(Region.US_EAST_1).credentialsProvider(credentials)
					.overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
				DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(engine.getEndpoint())
					.region(Region.US_EAST_1).credentialsProvider(credentials)
					.overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
				CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder().endpointOverride(engine.getEndpoint())
					.region(Region.US_EAST_1).credentialsProvider(credentials).build()) {
			String table = "kcl-measure";
			new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand(), true);
			DynaminiEntityConverter converter = new DynaminiEntityConverter(new DynaminiMappingContext());
			converter.getMappingContext().getRequiredPersistentEntity(Note.class);
			DynaminiTemplate template = DynaminiTemplate.builder().client(client).tableName(table).converter(converter).build();
			ExecutorService writers = Executors.newFixedThreadPool(4);
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				int first = thread;
				done.add(writers.submit(() -> {
					for (int e = first; e < 200; e += 4) {
						Note note = new Note("ann", "0");
						note.setId("m-" + e);
						for (int r = 1; r <= 50; r++) {
							note.setText(Integer.toString(r));
							note = template.save(note);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			writers.shutdown();

			StringBuilder report = new StringBuilder("kcl mode measurements, " + java.time.Instant.now() + ", "
					+ Runtime.getRuntime().availableProcessors() + " cores\n");
			for (int workers : new int[] { 1, 3 }) {
				Set<String> seen = ConcurrentHashMap.newKeySet();
				AtomicLong firstAt = new AtomicLong();
				AtomicLong lastAt = new AtomicLong();
				List<KclChangeFeed> feeds = new ArrayList<>();
				for (int w = 0; w < workers; w++) {
					KclChangeFeed feed = new KclChangeFeed(client, async, streams, cloudWatch, table,
							new ChangeEventDecoder(converter), event -> {
								long now = System.nanoTime();
								firstAt.compareAndSet(0, now);
								if (seen.add(event.id() + "@" + event.revision())) {
									lastAt.set(now);
								}
							}, ChangeFeedOptions.of("measure-" + workers), KclOptions.of("w" + w));
					feeds.add(feed);
					feed.start();
				}
				await().atMost(Duration.ofMinutes(5)).until(() -> seen.size() == 10_000);
				double seconds = (lastAt.get() - firstAt.get()) / 1e9;
				report.append("%d worker(s): 10,000 events in %.1f s from the first delivery: %.0f events/s%n"
					.formatted(workers, seconds, 10_000 / seconds));
				if (workers == 3) {
					await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(() -> true);
					requests.clear();
					long start = System.nanoTime();
					await().during(Duration.ofSeconds(120)).atMost(Duration.ofSeconds(125)).until(() -> true);
					double minutes = (System.nanoTime() - start) / 60e9;
					report.append("idle group of 3 workers over 4 shards (leases 10 s, poll 1 s), requests per minute:\n");
					new TreeMap<>(requests).forEach((kind, count) -> report
						.append("  %s: %.1f%n".formatted(kind, count.get() / minutes)));
				}
				feeds.forEach(KclChangeFeed::stop);
			}
			System.out.println(report);
			assertThat(requests).isNotEmpty();
		}
	}
}

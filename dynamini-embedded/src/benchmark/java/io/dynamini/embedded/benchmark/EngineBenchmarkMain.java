package io.dynamini.embedded.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.dynamini.embedded.EmbeddedDynamoDb;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Runs the engine benchmark (JMH: p50 and p99 of GetItem and of a TransactWriteItems of 2 items per target), then
 * measures start-up (in a running JVM; the executable jar from launch to its first answer) and the heap 100,000 items
 * of 1 KB take; prints a table and writes {@code engine-benchmark.md} into the folder given.
 */
public final class EngineBenchmarkMain {

	private EngineBenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args.length > 0 ? args[0] : "target");
		List<String> targets = new ArrayList<>(List.of("engine-inside", "engine-sdk-in-process", "engine-sdk-http"));
		boolean moto = MotoServer.available();
		if (moto) {
			targets.add("moto-sdk-http");
		}
		Options options = new OptionsBuilder().include(EngineBenchmarks.class.getSimpleName())
			.param("target", targets.toArray(String[]::new))
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(2))
			.measurementIterations(3)
			.measurementTime(TimeValue.seconds(3))
			.build();
		Collection<RunResult> results = new Runner(options).run();
		StringBuilder report = new StringBuilder();
		report.append("Engine benchmark, ").append(Instant.now()).append(", ")
			.append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
			.append(moto ? ", moto's server from this machine's Python" : ", moto not available").append("\n\n");
		report.append("| target | operation | p50 µs | p99 µs | mean µs |\n| --- | --- | --- | --- | --- |\n");
		for (RunResult result : results) {
			var statistics = result.getPrimaryResult().getStatistics();
			String operation = result.getParams().getBenchmark().replaceAll(".*\\.", "");
			report.append("| ").append(result.getParams().getParam("target")).append(" | ").append(operation).append(" | ")
				.append("%.1f".formatted(statistics.getPercentile(50))).append(" | ")
				.append("%.1f".formatted(statistics.getPercentile(99))).append(" | ")
				.append("%.1f".formatted(statistics.getMean())).append(" |\n");
		}
		report.append("\n").append(startup()).append(jarStartup(out)).append(memory());
		System.out.println(report);
		Files.createDirectories(out);
		Files.writeString(out.resolve("engine-benchmark.md"), report);
	}

	/** Engine start in a running JVM: the first (class loading included), then the median of 20 more. */
	static String startup() {
		long first = time(() -> EmbeddedDynamoDb.builder().timeToLiveSweepInterval(null).start().close());
		List<Long> later = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			later.add(time(() -> EmbeddedDynamoDb.builder().timeToLiveSweepInterval(null).start().close()));
		}
		Collections.sort(later);
		return "Engine start in a running JVM (start and close, HTTP included): first %.1f ms, then median %.2f ms of 20\n\n"
			.formatted(first / 1e6, later.get(10) / 1e6);
	}

	/** The executable jar: from launching the JVM to the first answered request, median of 5. */
	static String jarStartup(Path target) throws Exception {
		Path jar;
		try (var files = Files.list(target)) {
			jar = files.filter(file -> file.getFileName().toString().endsWith("-server.jar")).findFirst().orElse(null);
		}
		if (jar == null) {
			return "Executable jar: not found in " + target + " (run mvn package first)\n\n";
		}
		HttpClient http = HttpClient.newHttpClient();
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
					jar.toString(), "--port", "0").redirectErrorStream(true).start();
			BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line;
			URI endpoint = null;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("listening on ")) {
					endpoint = URI.create(line.substring(13).trim());
					break;
				}
			}
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
				.header("X-Amz-Target", "DynamoDB_20120810.ListTables")
				.header("Content-Type", "application/x-amz-json-1.0")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			long elapsed = System.nanoTime() - start;
			if (response.statusCode() != 200) {
				throw new IllegalStateException("ListTables answered " + response.statusCode());
			}
			times.add(elapsed);
			process.destroy();
			process.waitFor();
		}
		Collections.sort(times);
		return "Executable jar, launch to first answered request (ListTables): median %.0f ms of 5 (%s)\n\n"
			.formatted(times.get(2) / 1e6, times.stream().map(t -> "%.0f".formatted(t / 1e6)).toList());
	}

	/** Heap taken by 100,000 items of 1 KB in memory. */
	static String memory() throws Exception {
		Runtime runtime = Runtime.getRuntime();
		gc();
		long before = runtime.totalMemory() - runtime.freeMemory();
		try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.builder().http(false).timeToLiveSweepInterval(null).start();
				DynamoDbClient client = DynamoDbClient.builder()
					.endpointOverride(URI.create("http://in-process.invalid"))
					.region(Region.US_EAST_1)
					.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
					.httpClient(engine.httpClient())
					.build()) {
			client.createTable(r -> r.tableName("memory")
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
				.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
			String data = "x".repeat(1000);
			for (int i = 0; i < 100_000; i++) {
				Map<String, AttributeValue> item = new TreeMap<>();
				item.put("pk", AttributeValue.fromS("item-" + i));
				item.put("data", AttributeValue.fromS(data.substring(0, 990) + "%010d".formatted(i)));
				client.putItem(r -> r.tableName("memory").item(item));
			}
			gc();
			long after = runtime.totalMemory() - runtime.freeMemory();
			long count = client.describeTable(r -> r.tableName("memory")).table().itemCount();
			return "Memory: %d items of about 1 KB (pk + a 1,000-character string) take %.0f MB of heap (after GC)\n"
				.formatted(count, (after - before) / 1024.0 / 1024.0);
		}
	}

	private static void gc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
	}

	private static long time(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return System.nanoTime() - start;
	}
}

package io.dynamini.boot.startup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.TableCapacity;
import io.dynamini.embedded.EmbeddedDynamoDb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Start-up time, JVM start to the first repository call answered, median of {@code dynamini.bench.startup.runs}
 * (10) runs of each application as separate processes, interleaved: the minimal dynamini application against an
 * existing table, the same with Spring Cloud AWS's DynamoDB starter doing one {@code load}, and the dynamini
 * application with its embedded engine (what tests and newcomers wait for). Writes
 * {@code target/startup-report.md}.
 */
public final class StartupBenchmark {

	private static final int RUNS = Integer.getInteger("dynamini.bench.startup.runs", 10);

	private static final String SCA_AUTO_CONFIGURATIONS = String.join(",",
			"io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration",
			"io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration",
			"io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration",
			"io.awspring.cloud.autoconfigure.imds.ImdsAutoConfiguration",
			"io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration");

	private static final String DYNAMINI_AUTO_CONFIGURATIONS = String.join(",",
			"io.dynamini.boot.autoconfigure.DynaminiClientAutoConfiguration",
			"io.dynamini.boot.autoconfigure.DynaminiDataAutoConfiguration",
			"io.dynamini.boot.autoconfigure.DynaminiRepositoriesAutoConfiguration",
			"io.dynamini.boot.autoconfigure.DynaminiChangesAutoConfiguration",
			"io.dynamini.boot.autoconfigure.DynaminiTransactionAutoConfiguration",
			"io.dynamini.boot.autoconfigure.DynaminiHealthContributorAutoConfiguration");

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String classpath = System.getProperty("java.class.path");
		StringBuilder report = new StringBuilder();
		try (EmbeddedDynamoDb engine = new EmbeddedDynamoDb(null);
				DynamoDbClient client = DynamoDbClient.builder()
					.endpointOverride(engine.getEndpoint())
					.region(Region.US_EAST_1)
					.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
					.build()) {
			String endpoint = engine.getEndpoint().toString();
			new DynaminiTableAdmin(client).createTable("startup", TableCapacity.onDemand());
			client.createTable(request -> request.tableName("sca_startup_note")
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
				.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
			List<String> dynamini = List.of("-Ddynamini.endpoint=" + endpoint, "-Ddynamini.table.name=startup",
					"-Ddynamini.table.create=false", "-Dspring.autoconfigure.exclude=" + SCA_AUTO_CONFIGURATIONS,
					DynaminiStartupApp.class.getName());
			List<String> sca = List.of("-Dspring.cloud.aws.dynamodb.endpoint=" + endpoint,
					"-Dspring.cloud.aws.region.static=us-east-1", "-Dspring.cloud.aws.credentials.access-key=local",
					"-Dspring.cloud.aws.credentials.secret-key=local",
					"-Dspring.autoconfigure.exclude=" + DYNAMINI_AUTO_CONFIGURATIONS, ScaStartupApp.class.getName());
			List<String> embedded = List.of("-Ddynamini.embedded.enabled=true", "-Ddynamini.table.name=startup",
					"-Dspring.autoconfigure.exclude=" + SCA_AUTO_CONFIGURATIONS, DynaminiStartupApp.class.getName());
			List<Long> mine = new ArrayList<>();
			List<Long> theirs = new ArrayList<>();
			List<Long> withEngine = new ArrayList<>();
			// one unmeasured run each (file system caches), then interleaved measured runs
			run(classpath, dynamini);
			run(classpath, sca);
			run(classpath, embedded);
			for (int i = 0; i < RUNS; i++) {
				mine.add(run(classpath, dynamini));
				theirs.add(run(classpath, sca));
				withEngine.add(run(classpath, embedded));
			}
			report.append("| application | median ms to the first answered call | runs (ms) |\n| --- | --- | --- |\n");
			report.append(row("dynamini starter, existing table", mine));
			report.append(row("Spring Cloud AWS DynamoDB starter, one load", theirs));
			report.append(row("dynamini starter, embedded engine", withEngine));
			report.append(("\nRatio dynamini / Spring Cloud AWS: %.2f. %d runs each as separate JVMs (default JVM "
					+ "settings, -Xmx512m), interleaved, after one unmeasured run each; machine: %d cores, Java %s; %s.\n")
				.formatted((double) median(mine) / median(theirs), RUNS, Runtime.getRuntime().availableProcessors(),
						System.getProperty("java.version"), Instant.now()));
		}
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "startup-report.md"), report);
		System.out.println();
		System.out.println(report);
	}

	private static String row(String name, List<Long> runs) {
		return "| %s | %d | %s |\n".formatted(name, median(runs), runs);
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(Long::compare);
		return sorted.get(sorted.size() / 2);
	}

	private static long run(String classpath, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-cp", classpath, "-Dspring.main.banner-mode=off", "-Dlogging.level.root=WARN"));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Long uptime = null;
		StringBuilder output = new StringBuilder();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				output.append(line).append('\n');
				if (line.startsWith("uptime=")) {
					uptime = Long.parseLong(line.substring("uptime=".length()).trim());
				}
			}
		}
		process.waitFor();
		if (uptime == null) {
			throw new IllegalStateException("The application did not answer:\n" + output);
		}
		return uptime;
	}
}

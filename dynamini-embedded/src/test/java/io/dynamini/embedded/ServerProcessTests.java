package io.dynamini.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The engine as a program in a child JVM ({@code EmbeddedDynamoDbServer}): it says where it listens, keeps every
 * acknowledged write in its data folder through a {@code kill -9}, and stops cleanly on SIGTERM.
 */
class ServerProcessTests {

	record Server(Process process, URI endpoint) {
	}

	static Server start(Path data) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				EmbeddedDynamoDbServer.class.getName(), "--port", "0", "--path", data.toString())
			.redirectErrorStream(true)
			.start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith("listening on ")) {
				URI endpoint = URI.create(line.substring("listening on ".length()).trim());
				// keep draining the child's output so that it never blocks on a full pipe
				Thread drain = new Thread(() -> out.lines().forEach(ignored -> {
				}));
				drain.setDaemon(true);
				drain.start();
				return new Server(process, endpoint);
			}
		}
		throw new AssertionError("the server never said where it listens; exit code " + process.waitFor());
	}

	static DynamoDbClient client(URI endpoint) {
		return DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	@Test
	void everyAcknowledgedWriteSurvivesAKillMinusNine(@TempDir Path data) throws Exception {
		Server first = start(data);
		List<String> acknowledged = new ArrayList<>();
		try (DynamoDbClient client = client(first.endpoint())) {
			client.createTable(r -> r.tableName("durable")
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
				.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
			for (int i = 0; i < 200; i++) {
				String pk = "item-" + i;
				client.putItem(r -> r.tableName("durable").item(Map.of("pk", AttributeValue.fromS(pk), "n", AttributeValue.fromN("1"))));
				acknowledged.add(pk);
			}
			client.updateItem(r -> r.tableName("durable").key(Map.of("pk", AttributeValue.fromS("item-0")))
				.updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
		}
		first.process().destroyForcibly();
		assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

		Server second = start(data);
		try (DynamoDbClient client = client(second.endpoint())) {
			assertThat(client.scan(r -> r.tableName("durable")).count()).isEqualTo(acknowledged.size());
			assertThat(client.getItem(r -> r.tableName("durable").key(Map.of("pk", AttributeValue.fromS("item-0")))).item().get("n").n())
				.isEqualTo("2");
		}
		finally {
			second.process().destroy();
			second.process().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void itStopsCleanlyOnSigterm(@TempDir Path data) throws Exception {
		Server server = start(data);
		try (DynamoDbClient client = client(server.endpoint())) {
			assertThat(client.listTables().tableNames()).isEmpty();
		}
		server.process().destroy();
		assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
		assertThat(server.process().exitValue()).as("the JVM's exit on SIGTERM, after the shutdown hook").isEqualTo(143);
		assertThat(Files.list(data)).isNotEmpty();
	}
}

package io.dynamini.embedded.benchmark;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.dynamini.embedded.EmbeddedDynamoDb;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * GetItem and a TransactWriteItems of 2 items, the same driver against each target: inside the engine (its
 * in-process client called with the request's bytes: JSON in, JSON out, no SDK), the SDK in-process, the SDK over
 * loopback HTTP (Apache client), and the SDK over loopback HTTP to moto's server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmarks {

	@Param({ "engine-inside", "engine-sdk-in-process", "engine-sdk-http", "moto-sdk-http" })
	public String target;

	EmbeddedDynamoDb engine;

	MotoServer moto;

	DynamoDbClient client;

	SdkHttpClient inside;

	HttpExecuteRequest getItemRequest;

	String table = "bench";

	int counter;

	@Setup(Level.Trial)
	public void start() throws Exception {
		URI endpoint;
		SdkHttpClient http;
		if (target.startsWith("moto")) {
			moto = MotoServer.start();
			endpoint = moto.endpoint();
			http = ApacheHttpClient.builder().maxConnections(16).build();
		}
		else {
			engine = EmbeddedDynamoDb.builder().timeToLiveSweepInterval(null).start();
			endpoint = target.equals("engine-sdk-http") ? engine.getEndpoint() : URI.create("http://in-process.invalid");
			http = target.equals("engine-sdk-http") ? ApacheHttpClient.builder().maxConnections(16).build() : engine.httpClient();
			inside = engine.httpClient();
		}
		client = DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
			.httpClient(http)
			.build();
		client.createTable(r -> r.tableName(table)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
		client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("read"), "data",
				AttributeValue.fromS("x".repeat(200)))));
		byte[] body = "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"read\"}}}".getBytes(StandardCharsets.UTF_8);
		getItemRequest = HttpExecuteRequest.builder()
			.request(SdkHttpFullRequest.builder()
				.method(SdkHttpMethod.POST)
				.uri(URI.create("http://in-process.invalid/"))
				.putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
				.putHeader("Content-Type", "application/x-amz-json-1.0")
				.build())
			.contentStreamProvider(() -> new ByteArrayInputStream(body))
			.build();
	}

	@TearDown(Level.Trial)
	public void stop() {
		client.close();
		if (engine != null) {
			engine.close();
		}
		if (moto != null) {
			moto.close();
		}
	}

	@Benchmark
	public Object getItem() throws Exception {
		if (target.equals("engine-inside")) {
			var response = inside.prepareRequest(getItemRequest).call();
			return response.responseBody().orElseThrow().readAllBytes();
		}
		return client.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("read"))));
	}

	@Benchmark
	public Object transactWriteOfTwoItems() throws Exception {
		int n = counter++;
		String token = UUID.randomUUID().toString();
		if (target.equals("engine-inside")) {
			String body = ("{\"ClientRequestToken\":\"%s\",\"TransactItems\":["
					+ "{\"Put\":{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a%d\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}},"
					+ "{\"Put\":{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"b%d\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}}]}")
				.formatted(token, n, n);
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			HttpExecuteRequest request = HttpExecuteRequest.builder()
				.request(SdkHttpFullRequest.builder()
					.method(SdkHttpMethod.POST)
					.uri(URI.create("http://in-process.invalid/"))
					.putHeader("X-Amz-Target", "DynamoDB_20120810.TransactWriteItems")
					.build())
				.contentStreamProvider(() -> new ByteArrayInputStream(bytes))
				.build();
			return inside.prepareRequest(request).call().responseBody().orElseThrow().readAllBytes();
		}
		return client.transactWriteItems(r -> r.clientRequestToken(token).transactItems(
				TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("a" + n)))
					.conditionExpression("attribute_not_exists(pk)")).build(),
				TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("b" + n)))
					.conditionExpression("attribute_not_exists(pk)")).build()));
	}
}

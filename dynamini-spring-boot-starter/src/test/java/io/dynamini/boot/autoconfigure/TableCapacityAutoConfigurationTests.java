package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Capacity settings of the created table: on-demand maximum throughput, and auto scaling of a provisioned table. The
 * Application Auto Scaling API cannot run here (no local engine runs auto scaling): a local HTTP endpoint records
 * what dynamini sends, and the test checks the exact requests (operation, body, SigV4 signature scope); nothing was
 * verified against AWS.
 */
class TableCapacityAutoConfigurationTests extends AbstractEngineContextTests {

	record Received(String target, String contentType, String authorization, String body) {
	}

	final List<Received> received = new CopyOnWriteArrayList<>();

	volatile int status = 200;

	volatile String answer = "{}";

	HttpServer autoScaling;

	@BeforeEach
	void startAutoScalingEndpoint() throws IOException {
		received.clear();
		status = 200;
		answer = "{}";
		autoScaling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		autoScaling.createContext("/", exchange -> {
			received.add(new Received(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestHeaders().getFirst("Authorization"),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
			byte[] response = answer.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, response.length);
			exchange.getResponseBody().write(response);
			exchange.close();
		});
		autoScaling.start();
	}

	@AfterEach
	void stopAutoScalingEndpoint() {
		autoScaling.stop(0);
	}

	ApplicationContextRunner provisionedWithAutoScaling(String table) {
		return runner.withPropertyValues("dynamini.table.name=" + table, "dynamini.table.billing-mode=provisioned",
				"dynamini.table.read-capacity-units=5", "dynamini.table.write-capacity-units=5",
				"dynamini.table.auto-scaling.enabled=true", "dynamini.table.auto-scaling.min-read-capacity=5",
				"dynamini.table.auto-scaling.max-read-capacity=500", "dynamini.table.auto-scaling.min-write-capacity=2",
				"dynamini.table.auto-scaling.max-write-capacity=100", "dynamini.table.auto-scaling.target-utilization=65",
				"dynamini.table.auto-scaling.endpoint=http://127.0.0.1:" + autoScaling.getAddress().getPort() + "/");
	}

	@Test
	void aProvisionedTableAndEachIndexGetScalableTargetsAndTargetTrackingPoliciesAtEveryStartup() {
		String table = "scaled-" + System.nanoTime();
		provisionedWithAutoScaling(table).run(context -> assertThat(context).hasNotFailed());

		List<String> indexes = List.of("gsi1", "gsi2", "gsi3", "gsi4", "gsi5", "type-index");
		List<TableAutoScaling.Call> expected = new TableAutoScaling(table, indexes, 5, 500, 2, 100, 65).calls();
		assertThat(expected).hasSize(28);
		assertThat(received).extracting(Received::target)
			.containsExactlyElementsOf(expected.stream().map(call -> "AnyScaleFrontendService." + call.operation()).toList());
		assertThat(received).extracting(Received::body)
			.containsExactlyElementsOf(expected.stream().map(TableAutoScaling.Call::body).toList());
		assertThat(received.get(0).body()).isEqualTo("{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/" + table
				+ "\",\"ScalableDimension\":\"dynamodb:table:ReadCapacityUnits\",\"MinCapacity\":5,\"MaxCapacity\":500}");
		assertThat(received.get(1).body()).isEqualTo("{\"PolicyName\":\"dynamini-DynamoDBReadCapacityUtilization\","
				+ "\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/" + table + "\",\"ScalableDimension\":"
				+ "\"dynamodb:table:ReadCapacityUnits\",\"PolicyType\":\"TargetTrackingScaling\","
				+ "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":65.0,\"PredefinedMetricSpecification\":"
				+ "{\"PredefinedMetricType\":\"DynamoDBReadCapacityUtilization\"}}}");
		assertThat(received.get(27).body()).contains("\"ResourceId\":\"table/" + table + "/index/type-index\"",
				"\"ScalableDimension\":\"dynamodb:index:WriteCapacityUnits\"", "DynamoDBWriteCapacityUtilization");
		assertThat(received).allSatisfy(request -> {
			assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.1");
			assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=")
				.contains("/us-east-1/application-autoscaling/aws4_request")
				.contains("SignedHeaders=")
				.contains("x-amz-target");
		});

		received.clear();
		provisionedWithAutoScaling(table).run(context -> assertThat(context).hasNotFailed());
		assertThat(received).as("the same create-or-replace calls again").extracting(Received::body)
			.containsExactlyElementsOf(expected.stream().map(TableAutoScaling.Call::body).toList());
	}

	@Test
	void aRefusalOfTheAutoScalingApiFailsStartupWithWhatItAnswered() {
		status = 400;
		answer = "{\"__type\":\"ValidationException\",\"message\":\"Unable to assume IAM role\"}";
		provisionedWithAutoScaling("refused-" + System.nanoTime())
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDataAccessResourceUsageException.class)
				.hasMessageContaining("RegisterScalableTarget answered 400")
				.hasMessageContaining("Unable to assume IAM role"));
	}

	@Test
	void capacitySettingsThatDoNotFitTheBillingModeFailStartupNamingTheProperty() {
		runner.withPropertyValues("dynamini.table.name=bad-" + System.nanoTime(), "dynamini.table.auto-scaling.enabled=true")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("dynamini.table.auto-scaling.enabled"));
		provisionedWithAutoScaling("bad-" + System.nanoTime())
			.withPropertyValues("dynamini.table.auto-scaling.min-read-capacity=600")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dynamini.table.auto-scaling.min-read-capacity"));
		provisionedWithAutoScaling("bad-" + System.nanoTime())
			.withPropertyValues("dynamini.table.auto-scaling.target-utilization=95")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dynamini.table.auto-scaling.target-utilization"));
		runner.withPropertyValues("dynamini.table.name=bad-" + System.nanoTime(), "dynamini.table.billing-mode=provisioned",
				"dynamini.table.max-read-request-units=100")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dynamini.table.max-read-request-units"));
		assertThat(received).as("nothing sent").isEmpty();
	}

	@Test
	void anOnDemandTableIsCreatedWithItsMaximumThroughput() {
		List<CreateTableRequest> created = new CopyOnWriteArrayList<>();
		ExecutionInterceptor captor = new ExecutionInterceptor() {
			@Override
			public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
				if (context.request() instanceof CreateTableRequest request) {
					created.add(request);
				}
			}
		};
		runner.withBean(ExecutionInterceptor.class, () -> captor)
			.withPropertyValues("dynamini.table.name=capped-" + System.nanoTime(),
					"dynamini.table.max-read-request-units=300", "dynamini.table.max-write-request-units=50")
			.run(context -> assertThat(context).hasNotFailed());
		assertThat(created).singleElement().satisfies(request -> {
			assertThat(request.onDemandThroughput().maxReadRequestUnits()).isEqualTo(300);
			assertThat(request.onDemandThroughput().maxWriteRequestUnits()).isEqualTo(50);
			assertThat(request.globalSecondaryIndexes())
				.allSatisfy(index -> assertThat(index.onDemandThroughput()).isEqualTo(request.onDemandThroughput()));
		});
	}
}

package io.dynamini.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.DoubleAdder;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost table as an operator sees it: after known writes through the HTTP API, Actuator's
 * {@code /actuator/metrics/dynamini.capacity.write} (over HTTP, tagged by entity and operation) shows the write units
 * DynamoDB reported for them, counted apart by an interceptor on the client; {@code dynamini.operation} timers count
 * the operations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.api-keys=src/test/resources/test-api-keys.json", "dynamini.table.name=metrics-e2e" })
class MetricsEndToEndTests {

	/** The write units DynamoDB reported for the transactions the server sent. */
	@TestConfiguration
	static class Capacity {

		static final DoubleAdder transactionWrites = new DoubleAdder();

		@Bean
		ExecutionInterceptor transactionCapacity() {
			return new ExecutionInterceptor() {
				@Override
				public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
					if (context.response() instanceof TransactWriteItemsResponse response && response.hasConsumedCapacity()) {
						for (ConsumedCapacity capacity : response.consumedCapacity()) {
							transactionWrites.add(capacity.writeCapacityUnits() == null ? 0 : capacity.writeCapacityUnits());
						}
					}
				}
			};
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	final HttpClient http = HttpClient.newHttpClient();

	HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("x-api-key", "key-a");
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	JsonNode metric(String name, String... tags) throws Exception {
		StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
		for (int i = 0; i < tags.length; i++) {
			path.append(i == 0 ? "?" : "&").append("tag=").append(tags[i]);
		}
		HttpResponse<String> response = send("GET", path.toString(), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	static double measurement(JsonNode metric, String statistic) {
		for (JsonNode measurement : metric.path("measurements")) {
			if (measurement.path("statistic").asString().equals(statistic)) {
				return measurement.path("value").asDouble();
			}
		}
		throw new AssertionError("no " + statistic + " in " + metric);
	}

	@Test
	void actuatorShowsTheWriteCapacityOfKnownInsertsPerEntityAndOperation() throws Exception {
		HttpResponse<String> collection = send("POST", "/api/user/metrics-user/collection", "{\"name\": \"costs\"}");
		assertThat(collection.statusCode()).isEqualTo(201);
		String collectionId = json.readTree(collection.body()).path("meta").path("collection").asString();

		double before = Capacity.transactionWrites.sum();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> entry = send("POST", "/api/user/metrics-user/collection/" + collectionId + "/entry",
					"{\"name\": \"e" + i + "\", \"value\": {\"n\": " + i + "}}");
			assertThat(entry.statusCode()).isEqualTo(201);
		}
		double reported = Capacity.transactionWrites.sum() - before;

		JsonNode writes = metric("dynamini.capacity.write", "dynamini.entity:entry", "dynamini.operation:insert");
		assertThat(writes.path("baseUnit").asString()).isEqualTo("capacity.units");
		assertThat(measurement(writes, "COUNT")).isEqualTo(3.0);
		// each insert: one transaction, its latest item, revision and their index entries at 2 units per KB
		assertThat(reported).isPositive();
		assertThat(measurement(writes, "TOTAL")).isEqualTo(reported);
		JsonNode timer = metric("dynamini.operation", "dynamini.entity:entry", "dynamini.operation:insert",
				"dynamini.outcome:success");
		assertThat(measurement(timer, "COUNT")).isEqualTo(3.0);
		JsonNode requests = metric("dynamini.request", "db.operation.name:TransactWriteItems");
		assertThat(measurement(requests, "COUNT")).isGreaterThanOrEqualTo(4.0);

		// the series README's Grafana query sums, as Prometheus scrapes it
		HttpResponse<String> scrape = send("GET", "/actuator/prometheus", null);
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).containsPattern(
				"dynamini_capacity_write_capacity_units_sum\\{[^}]*dynamini_entity=\"entry\"[^}]*dynamini_operation=\"insert\"[^}]*} "
						+ java.util.regex.Pattern.quote(Double.toString(reported)));
	}
}

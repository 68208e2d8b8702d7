package io.dynamini.embedded.conformance;

import java.net.URI;

import io.dynamini.embedded.EmbeddedDynamoDb;

import org.junit.jupiter.api.AfterAll;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The conformance suite against the engine through its in-process SDK HTTP client (no socket). */
class InProcessConformanceTests extends AbstractConformanceTests {

	static final EmbeddedDynamoDb engine = EmbeddedDynamoDb.builder().http(false).start();

	static final URI ANY = URI.create("http://in-process.invalid");

	static final DynamoDbClient client = Clients.dynamoDb(ANY, engine.httpClient());

	static final DynamoDbStreamsClient streams = Clients.streams(ANY, engine.httpClient());

	@AfterAll
	static void stop() {
		engine.close();
	}

	@Override
	DynamoDbClient client() {
		return client;
	}

	@Override
	DynamoDbStreamsClient streams() {
		return streams;
	}
}

package io.dynamini.embedded.conformance;

import io.dynamini.embedded.EmbeddedDynamoDb;

import org.junit.jupiter.api.AfterAll;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The conformance suite against the engine over loopback HTTP; with {@code -Dconformance.endpoint=http://...}
 * against any other DynamoDB-compatible endpoint instead.
 */
class LoopbackHttpConformanceTests extends AbstractConformanceTests {

	static final String OTHER = System.getProperty("conformance.endpoint");

	static final EmbeddedDynamoDb engine = OTHER == null ? EmbeddedDynamoDb.builder().start() : null;

	static final java.net.URI endpoint = OTHER != null ? java.net.URI.create(OTHER) : engine.getEndpoint();

	static final DynamoDbClient client = Clients.dynamoDb(endpoint, null);

	static final DynamoDbStreamsClient streams = Clients.streams(endpoint, null);

	@AfterAll
	static void stop() {
		if (engine != null) {
			engine.close();
		}
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

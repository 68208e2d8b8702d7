package io.dynamini.embedded.conformance;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** SDK clients of an endpoint, or of the engine in-process, with throwaway credentials. */
final class Clients {

	static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("testing", "testing"));

	private Clients() {
	}

	static DynamoDbClient dynamoDb(URI endpoint, SdkHttpClient http) {
		return DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(http == null ? UrlConnectionHttpClient.create() : http)
			.build();
	}

	static DynamoDbStreamsClient streams(URI endpoint, SdkHttpClient http) {
		return DynamoDbStreamsClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(http == null ? UrlConnectionHttpClient.create() : http)
			.build();
	}
}

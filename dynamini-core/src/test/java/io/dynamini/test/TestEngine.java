package io.dynamini.test;

import java.net.URI;

import io.dynamini.embedded.EmbeddedDynamoDb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One dynamini engine ({@code dynamini-embedded}) per test JVM, in memory, on a free loopback port, reached over
 * HTTP by a normal SDK client so that interceptors see every request. TTL deletion runs only when a test calls
 * {@link #engine()}{@code .sweepTimeToLive()}: tests set their templates' clocks freely.
 */
public final class TestEngine {

	private static EmbeddedDynamoDb engine;

	private TestEngine() {
	}

	public static synchronized EmbeddedDynamoDb engine() {
		if (engine == null) {
			engine = EmbeddedDynamoDb.builder().timeToLiveSweepInterval(null).start();
			EmbeddedDynamoDb started = engine;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close));
		}
		return engine;
	}

	public static URI endpoint() {
		return engine().getEndpoint();
	}

	/**
	 * @return a new client of the shared engine with the given interceptors
	 */
	public static DynamoDbClient client(ExecutionInterceptor... interceptors) {
		return clientBuilder(interceptors).build();
	}

	/**
	 * @return a builder of a client of the shared engine, for tests that change more settings (retries, ...)
	 */
	public static DynamoDbClientBuilder clientBuilder(ExecutionInterceptor... interceptors) {
		return DynamoDbClient.builder()
			.endpointOverride(endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
			.overrideConfiguration(config -> {
				for (ExecutionInterceptor interceptor : interceptors) {
					config.addExecutionInterceptor(interceptor);
				}
			});
	}

	/**
	 * @return a new DynamoDB Streams client of the shared engine
	 */
	public static DynamoDbStreamsClient streamsClient() {
		return DynamoDbStreamsClient.builder()
			.endpointOverride(endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.httpClientBuilder(ApacheHttpClient.builder())
			.build();
	}

	/**
	 * @return a table name no other test class uses
	 */
	public static String uniqueTableName(Class<?> testClass) {
		return "t-" + testClass.getSimpleName() + "-" + Long.toHexString(System.nanoTime());
	}
}

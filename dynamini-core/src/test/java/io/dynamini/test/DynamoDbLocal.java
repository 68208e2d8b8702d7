package io.dynamini.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-process DynamoDB Local server per test JVM, in memory, telemetry off, on a free loopback port, reached
 * over HTTP by a normal SDK client so that interceptors see every request.
 */
public final class DynamoDbLocal {

	private static URI endpoint;

	private DynamoDbLocal() {
	}

	public static synchronized URI endpoint() {
		if (endpoint == null) {
			endpoint = start();
		}
		return endpoint;
	}

	/**
	 * @return a new client of the shared server with the given interceptors
	 */
	public static DynamoDbClient client(ExecutionInterceptor... interceptors) {
		return clientBuilder(interceptors).build();
	}

	/**
	 * @return a builder of a client of the shared server, for tests that change more settings (retries, ...)
	 */
	public static software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder clientBuilder(
			ExecutionInterceptor... interceptors) {
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
	 * @return a new DynamoDB Streams client of the shared server
	 */
	public static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient streamsClient() {
		return software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
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

	private static URI start() {
		RuntimeException last = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			int port = freePort();
			try {
				DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
						new String[] { "-inMemory", "-port", Integer.toString(port), "-disableTelemetry" });
				server.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						server.stop();
					}
					catch (Exception ignored) {
						// the JVM is exiting
					}
				}));
				return URI.create("http://127.0.0.1:" + port);
			}
			catch (Exception ex) {
				last = new IllegalStateException("Could not start DynamoDB Local on port " + port, ex);
			}
		}
		throw last;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}

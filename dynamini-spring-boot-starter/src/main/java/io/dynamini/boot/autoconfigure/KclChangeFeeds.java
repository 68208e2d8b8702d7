package io.dynamini.boot.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.function.Consumer;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeEventDecoder;
import io.dynamini.changes.ChangeFeed;
import io.dynamini.changes.ChangeFeedOptions;
import io.dynamini.changes.kcl.KclChangeFeed;
import io.dynamini.changes.kcl.KclOptions;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.metrics.MetricsLevel;

/**
 * Builds the change feed of {@code dynamini.changes.mode=kcl}: the KCL's own asynchronous clients of DynamoDB (its
 * lease, coordinator and worker metrics tables) and CloudWatch on the table client's region, credentials and
 * endpoint, owned and closed by the feed. Loaded only once both KCL artifacts are known to be there.
 */
final class KclChangeFeeds {

	static final String[] REQUIRED_CLASSES = { "software.amazon.kinesis.coordinator.Scheduler",
			"com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory" };

	private KclChangeFeeds() {
	}

	/**
	 * @throws IllegalStateException naming both artifacts when either is missing
	 */
	static void requireLibraries(@Nullable ClassLoader classLoader) {
		for (String required : REQUIRED_CLASSES) {
			if (!ClassUtils.isPresent(required, classLoader)) {
				throw new IllegalStateException("dynamini.changes.mode=kcl needs the Kinesis Client Library and the "
						+ "DynamoDB Streams Kinesis Adapter: add software.amazon.kinesis:amazon-kinesis-client and "
						+ "com.amazonaws:dynamodb-streams-kinesis-adapter to the application (versions in dynamini-bom), "
						+ "or use dynamini.changes.mode=poll (" + required + " is missing)");
			}
		}
	}

	static ChangeFeed create(DynamoDbClient table, DynamoDbStreamsClient streams, String tableName,
			ChangeEventDecoder decoder, Consumer<ChangeEvent<?>> listener, ChangeFeedOptions options,
			DynaminiProperties.Changes.Kcl properties) {
		KclOptions kcl = new KclOptions(workerId(properties.getWorkerId()),
				MetricsLevel.valueOf(properties.getMetricsLevel().name()), properties.getMaxRecords());
		KclChangeFeed.applicationName(tableName, options.group());
		DynamoDbAsyncClient leaseClient = DynaminiChangesAutoConfiguration.sameService(table, DynamoDbAsyncClient.builder())
			.build();
		// CloudWatch keeps its own endpoint: no DynamoDB endpoint override serves it
		DynamoDbServiceClientConfiguration config = table.serviceClientConfiguration();
		CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
			.region(config.region())
			.credentialsProvider(config.credentialsProvider())
			.build();
		return new KclChangeFeed(table, leaseClient, streams, cloudWatch, tableName, decoder, listener, options, kcl)
			.owning(leaseClient, cloudWatch);
	}

	static String workerId(String configured) {
		if (StringUtils.hasText(configured)) {
			return configured;
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "worker";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}
}

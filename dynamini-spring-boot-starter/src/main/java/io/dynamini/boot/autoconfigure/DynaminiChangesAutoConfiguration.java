package io.dynamini.boot.autoconfigure;

import io.dynamini.changes.ChangeEventDecoder;
import io.dynamini.changes.ChangeFeed;
import io.dynamini.changes.ChangeFeedOptions;
import io.dynamini.changes.PollingChangeFeed;
import io.dynamini.changes.StartPosition;
import io.dynamini.core.convert.DynaminiEntityConverter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

/**
 * The change feed ({@code dynamini.changes.enabled=true}): a DynamoDB Streams client on the same endpoint, region
 * and credentials as the table's client, the {@link ChangeEventDecoder}, and the {@link ChangeFeed} of the mode
 * ({@link PollingChangeFeed} in {@code poll} mode, {@code KclChangeFeed} in {@code kcl} mode), which publishes every
 * change as an application event after the context started.
 */
@AutoConfiguration(after = DynaminiDataAutoConfiguration.class)
@ConditionalOnProperty(prefix = "dynamini.changes", name = "enabled", havingValue = "true")
@ConditionalOnBean({ DynamoDbClient.class, DynaminiTableInitializer.class })
public class DynaminiChangesAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DynamoDbStreamsClient dynamoDbStreamsClient(DynamoDbClient dynamoDbClient) {
		DynamoDbStreamsClientBuilder builder = sameService(dynamoDbClient, DynamoDbStreamsClient.builder());
		if (ClassUtils.isPresent("software.amazon.awssdk.http.apache.ApacheHttpClient", getClass().getClassLoader())) {
			builder.httpClientBuilder(ApacheHttpClient.builder());
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	ChangeEventDecoder changeEventDecoder(DynaminiEntityConverter converter) {
		return new ChangeEventDecoder(converter);
	}

	/** {@code dynamini.changes.mode=poll} (the default): one delivering instance per group, standbys take over. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "dynamini.changes", name = "mode", havingValue = "poll", matchIfMissing = true)
	static class PollMode {

		@Bean
		@ConditionalOnMissingBean(ChangeFeed.class)
		PollingChangeFeed dynaminiChangeFeed(DynamoDbClient dynamoDbClient, DynamoDbStreamsClient streams,
				DynaminiTableInitializer table, ChangeEventDecoder decoder, ApplicationEventPublisher publisher,
				DynaminiProperties properties, Environment environment) {
			return new PollingChangeFeed(dynamoDbClient, streams, table.getTableName(), decoder, publisher::publishEvent,
					options(properties.getChanges(), environment));
		}
	}

	/**
	 * {@code dynamini.changes.mode=kcl}: every instance is a KCL worker; the workers of a group share the stream's
	 * shards. Startup fails naming the two artifacts when the application lacks them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "dynamini.changes", name = "mode", havingValue = "kcl")
	static class KclMode {

		@Bean
		@ConditionalOnMissingBean(ChangeFeed.class)
		ChangeFeed dynaminiChangeFeed(DynamoDbClient dynamoDbClient, DynamoDbStreamsClient streams,
				DynaminiTableInitializer table, ChangeEventDecoder decoder, ApplicationEventPublisher publisher,
				DynaminiProperties properties, Environment environment, ResourceLoader resourceLoader) {
			KclChangeFeeds.requireLibraries(resourceLoader.getClassLoader());
			return KclChangeFeeds.create(dynamoDbClient, streams, table.getTableName(), decoder, publisher::publishEvent,
					options(properties.getChanges(), environment), properties.getChanges().getKcl());
		}
	}

	/**
	 * @return {@code builder} on the table client's region, credentials and endpoint (the embedded engine, or an
	 * endpoint override, serves DynamoDB Streams and the KCL's tables too)
	 */
	static <B extends AwsClientBuilder<B, ?>> B sameService(DynamoDbClient table, B builder) {
		DynamoDbServiceClientConfiguration config = table.serviceClientConfiguration();
		builder.region(config.region()).credentialsProvider(config.credentialsProvider());
		config.endpointOverride().ifPresent(builder::endpointOverride);
		return builder;
	}

	static ChangeFeedOptions options(DynaminiProperties.Changes changes, Environment environment) {
		return new ChangeFeedOptions(consumerGroup(changes, environment), changes.getPollInterval(),
				changes.getStartPosition() == DynaminiProperties.Changes.StartPosition.LATEST ? StartPosition.LATEST
						: StartPosition.TRIM_HORIZON,
				changes.getLeaseDuration(), changes.getMaxAttempts());
	}

	static String consumerGroup(DynaminiProperties.Changes changes, Environment environment) {
		if (StringUtils.hasText(changes.getConsumerGroup())) {
			return changes.getConsumerGroup();
		}
		String application = environment.getProperty("spring.application.name");
		return StringUtils.hasText(application) ? application : "default";
	}
}

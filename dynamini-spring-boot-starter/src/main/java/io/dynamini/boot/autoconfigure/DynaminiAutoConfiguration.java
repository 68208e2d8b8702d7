package io.dynamini.boot.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.tenant.TenantResolver;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * Auto-configures dynamini: the DynamoDB clients, the single table (created or validated at startup), the
 * {@link DynaminiTemplate} and, when {@code dynamini.embedded.enabled=true}, an embedded DynamoDB engine. Every
 * bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({ DynamoDbClient.class, DynaminiTemplate.class })
@EnableConfigurationProperties(DynaminiProperties.class)
public class DynaminiAutoConfiguration {

	/** Credentials used against an endpoint override such as a local engine, which checks none. */
	static final AwsCredentialsProvider LOCAL_CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("dynamini", "dynamini"));

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DynamoDbClient dynamoDbClient(DynaminiProperties properties, ObjectProvider<EmbeddedDynamoDb> embedded,
			ObjectProvider<AwsCredentialsProvider> credentials, ObjectProvider<ExecutionInterceptor> interceptors,
			ObjectProvider<DynaminiClientCustomizer> customizers) {
		DynamoDbClientBuilder builder = DynamoDbClient.builder();
		EmbeddedDynamoDb engine = embedded.getIfAvailable();
		URI endpoint = engine != null ? engine.getEndpoint()
				: properties.getEndpoint() != null ? URI.create(properties.getEndpoint()) : null;
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		if (properties.getRegion() != null) {
			builder.region(Region.of(properties.getRegion()));
		}
		else if (endpoint != null) {
			builder.region(Region.US_EAST_1);
		}
		AwsCredentialsProvider userCredentials = credentials.getIfAvailable();
		builder.credentialsProvider(userCredentials != null ? userCredentials
				: endpoint != null ? LOCAL_CREDENTIALS : DefaultCredentialsProvider.builder().build());
		if (ClassUtils.isPresent("software.amazon.awssdk.http.apache.ApacheHttpClient", getClass().getClassLoader())) {
			// pinned, because DynamoDB Local brings a second HTTP client and the SDK refuses to choose
			builder.httpClientBuilder(ApacheHttpClient.builder());
		}
		builder.overrideConfiguration(config -> {
			config.retryStrategy(retryStrategy(properties.getRetry()));
			interceptors.orderedStream().forEach(config::addExecutionInterceptor);
		});
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
		return builder.build();
	}

	static RetryStrategy retryStrategy(DynaminiProperties.Retry retry) {
		BackoffStrategy backoff = BackoffStrategy.exponentialDelay(retry.getBaseDelay(), MAX_BACKOFF);
		var strategy = AwsRetryStrategy.standardRetryStrategy()
			.toBuilder()
			.backoffStrategy(backoff)
			.throttlingBackoffStrategy(backoff);
		if (retry.getMaxAttempts() != null) {
			strategy.maxAttempts(retry.getMaxAttempts());
		}
		return strategy.build();
	}

	@Bean
	@ConditionalOnMissingBean
	DynamoDbEnhancedClient dynamoDbEnhancedClient(DynamoDbClient dynamoDbClient) {
		return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDbClient).build();
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiTableAdmin dynaminiTableAdmin(DynamoDbClient dynamoDbClient) {
		return new DynaminiTableAdmin(dynamoDbClient);
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiTableInitializer dynaminiTableInitializer(DynaminiTableAdmin admin, DynaminiProperties properties) {
		DynaminiProperties.Table table = properties.getTable();
		TableCapacity capacity = table.getBillingMode() == DynaminiProperties.BillingMode.PROVISIONED
				? new TableCapacity(BillingMode.PROVISIONED, table.getReadCapacityUnits(), table.getWriteCapacityUnits())
				: TableCapacity.onDemand();
		return new DynaminiTableInitializer(admin, table.getName(), table.isCreate(), capacity);
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiMappingContext dynaminiMappingContext() {
		return new DynaminiMappingContext();
	}

	@Bean
	@ConditionalOnMissingBean(DynaminiOperations.class)
	DynaminiTemplate dynaminiTemplate(DynamoDbClient dynamoDbClient, DynaminiProperties properties,
			DynaminiTableInitializer tableInitializer, DynaminiMappingContext mappingContext,
			ObjectProvider<TenantResolver> tenantResolver, ObjectProvider<Clock> clock) {
		return DynaminiTemplate.builder()
			.client(dynamoDbClient)
			.tableName(tableInitializer.getTableName())
			.mappingContext(mappingContext)
			.tenantResolver(tenantResolver.getIfUnique())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.consistentRead(properties.isConsistentRead())
			.build();
	}

	/**
	 * The embedded engine, when enabled and DynamoDB Local is on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "dynamini.embedded", name = "enabled", havingValue = "true")
	@ConditionalOnClass(name = EmbeddedEngineConfiguration.SERVER_RUNNER)
	static class EmbeddedEngineConfiguration {

		static final String SERVER_RUNNER = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";

		/** DynamoDB Local's own logger: it logs every rejected request (a failed optimistic lock too) as a warning. */
		static final String ENGINE_LOGGER = "com.amazonaws.services.dynamodbv2.local";

		@Bean
		@ConditionalOnMissingBean
		EmbeddedDynamoDb embeddedDynamoDb(DynaminiProperties properties, Environment environment) {
			if (!environment.containsProperty("logging.level." + ENGINE_LOGGER)) {
				LoggingSystem.get(getClass().getClassLoader()).setLogLevel(ENGINE_LOGGER, LogLevel.ERROR);
			}
			@Nullable String path = properties.getEmbedded().getPath();
			return new EmbeddedDynamoDb(path == null ? null : Path.of(path));
		}
	}

	/**
	 * Fails startup when the embedded engine is enabled but DynamoDB Local is missing, rather than silently
	 * connecting to AWS.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "dynamini.embedded", name = "enabled", havingValue = "true")
	@ConditionalOnMissingClass(EmbeddedEngineConfiguration.SERVER_RUNNER)
	static class MissingEmbeddedEngineConfiguration {

		MissingEmbeddedEngineConfiguration() {
			throw new IllegalStateException("dynamini.embedded.enabled=true needs DynamoDB Local on the class path: "
					+ "add the dependency com.amazonaws:DynamoDBLocal");
		}
	}
}

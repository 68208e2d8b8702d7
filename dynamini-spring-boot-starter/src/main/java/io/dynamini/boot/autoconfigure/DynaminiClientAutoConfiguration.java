package io.dynamini.boot.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Auto-configures the DynamoDB client dynamini uses and, when {@code io.dynamini:dynamini-embedded} is on the class
 * path and no {@code dynamini.endpoint} is set, starts the embedded engine for it, as Spring Boot starts an embedded
 * database. Runs before Spring Cloud AWS's DynamoDB auto-configuration, so that an application with both has one
 * client, this one, to which {@code dynamini.endpoint}, {@code dynamini.region}, the retry settings and the
 * embedded engine apply; Spring Cloud AWS's own client backs off ({@code @ConditionalOnMissingBean}).
 */
@AutoConfiguration(beforeName = DynaminiClientAutoConfiguration.SPRING_CLOUD_AWS_DYNAMODB)
@ConditionalOnClass(DynamoDbClient.class)
@EnableConfigurationProperties(DynaminiProperties.class)
public class DynaminiClientAutoConfiguration {

	static final String SPRING_CLOUD_AWS_DYNAMODB = "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration";

	/** Credentials used against an endpoint override such as a local engine, which checks none. */
	static final AwsCredentialsProvider LOCAL_CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("dynamini", "dynamini"));

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DynamoDbClient dynamoDbClient(DynaminiProperties properties, ObjectProvider<EmbeddedEngineEndpoint> embedded,
			ObjectProvider<AwsCredentialsProvider> credentials, ObjectProvider<ExecutionInterceptor> interceptors,
			ObjectProvider<DynaminiClientCustomizer> customizers) {
		AwsSdkVersions.requireAligned(getClass().getClassLoader());
		DynamoDbClientBuilder builder = DynamoDbClient.builder();
		EmbeddedEngineEndpoint engine = embedded.getIfAvailable();
		URI endpoint = engine != null ? engine.uri()
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
		// the embedded engine checks no credentials: never look for real ones (or fail for want of them) there
		AwsCredentialsProvider userCredentials = engine != null ? null : credentials.getIfAvailable();
		builder.credentialsProvider(userCredentials != null ? userCredentials
				: endpoint != null ? LOCAL_CREDENTIALS : DefaultCredentialsProvider.builder().build());
		if (ClassUtils.isPresent("software.amazon.awssdk.http.apache.ApacheHttpClient", getClass().getClassLoader())) {
			// pinned: with a second HTTP client on the class path (url-connection-client, netty) the SDK refuses to choose
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

	/**
	 * The embedded engine: {@code dynamini-embedded} on the class path, no client of the application's own, and
	 * either {@code dynamini.embedded.enabled=true} or neither that property nor {@code dynamini.endpoint} set.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = EmbeddedEngineConfiguration.EMBEDDED_ENGINE)
	@ConditionalOnMissingBean(DynamoDbClient.class)
	@Conditional(EmbeddedEngineCondition.class)
	static class EmbeddedEngineConfiguration {

		static final String EMBEDDED_ENGINE = "io.dynamini.embedded.EmbeddedDynamoDb";

		@Bean
		@ConditionalOnMissingBean
		io.dynamini.embedded.EmbeddedDynamoDb embeddedDynamoDb(DynaminiProperties properties) {
			@Nullable String path = properties.getEmbedded().getPath();
			return new io.dynamini.embedded.EmbeddedDynamoDb(path == null ? null : Path.of(path));
		}

		@Bean
		EmbeddedEngineEndpoint embeddedEngineEndpoint(io.dynamini.embedded.EmbeddedDynamoDb engine) {
			return new EmbeddedEngineEndpoint(engine.getEndpoint());
		}
	}

	/**
	 * Where the embedded engine listens; a type of the starter's own, so that no signature outside the engine's
	 * configuration names a class of the optional {@code dynamini-embedded}.
	 *
	 * @param uri the engine's HTTP endpoint
	 */
	record EmbeddedEngineEndpoint(URI uri) {
	}

	/**
	 * Decides whether the embedded engine starts: {@code dynamini.embedded.enabled} when set, otherwise unless
	 * {@code dynamini.endpoint} names another engine.
	 */
	static final class EmbeddedEngineCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			String enabled = environment.getProperty("dynamini.embedded.enabled");
			if (enabled != null) {
				return Boolean.parseBoolean(enabled.trim()) ? ConditionOutcome.match("dynamini.embedded.enabled=true")
						: ConditionOutcome.noMatch("dynamini.embedded.enabled=false");
			}
			if (environment.containsProperty("dynamini.endpoint")) {
				return ConditionOutcome.noMatch("dynamini.endpoint is set");
			}
			return ConditionOutcome.match("dynamini-embedded is on the class path and no dynamini.endpoint is set");
		}
	}

	/**
	 * Fails startup when the embedded engine is enabled but missing, rather than silently connecting to AWS.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "dynamini.embedded", name = "enabled", havingValue = "true")
	@ConditionalOnMissingClass(EmbeddedEngineConfiguration.EMBEDDED_ENGINE)
	static class MissingEmbeddedEngineConfiguration {

		MissingEmbeddedEngineConfiguration() {
			throw new IllegalStateException("dynamini.embedded.enabled=true needs the embedded engine on the class path: "
					+ "add the dependency io.dynamini:dynamini-embedded");
		}
	}
}

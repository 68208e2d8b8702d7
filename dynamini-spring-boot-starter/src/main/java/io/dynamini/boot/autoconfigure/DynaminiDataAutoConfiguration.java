package io.dynamini.boot.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.dynamini.annotation.VersionedEntity;
import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.HistoryRetention;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.convert.DynaminiCustomConversions;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.lease.DynaminiLeases;
import io.dynamini.tenant.TenantResolver;

import org.jspecify.annotations.Nullable;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.persistence.autoconfigure.EntityScanner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * Auto-configures dynamini's data layer on whichever {@link DynamoDbClient} the context has (dynamini's, the
 * application's or Spring Cloud AWS's): the custom conversions (a {@link DynaminiCustomConversions} bean of the
 * application's replaces the empty one), the mapping context and converter, the single table (created or validated
 * at startup), the {@link DynaminiTemplate} and the {@link DynaminiLeases}. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = DynaminiClientAutoConfiguration.class,
		afterName = DynaminiClientAutoConfiguration.SPRING_CLOUD_AWS_DYNAMODB)
@ConditionalOnClass({ DynamoDbClient.class, DynaminiTemplate.class })
@ConditionalOnBean(DynamoDbClient.class)
@EnableConfigurationProperties(DynaminiProperties.class)
public class DynaminiDataAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DynaminiTableAdmin dynaminiTableAdmin(DynamoDbClient dynamoDbClient) {
		return new DynaminiTableAdmin(dynamoDbClient);
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiTableInitializer dynaminiTableInitializer(DynaminiTableAdmin admin, DynaminiProperties properties,
			ObjectProvider<DynaminiMappingContext> mappingContext) {
		DynaminiProperties.Table table = properties.getTable();
		TableCapacity capacity = tableCapacity(table);
		DynaminiTableInitializer initializer = new DynaminiTableInitializer(admin, table.getName(), table.isCreate(),
				capacity, properties.getChanges().isEnabled());
		initializer.setTimeToLiveNeededBy(() -> timeToLiveNeededBy(properties.getHistory(), mappingContext.getIfAvailable()));
		return initializer;
	}

	/**
	 * @return the created table's capacity
	 * @throws InvalidConfigurationPropertyValueException naming a property that does not fit the billing mode
	 */
	static TableCapacity tableCapacity(DynaminiProperties.Table table) {
		DynaminiProperties.AutoScaling scaling = table.getAutoScaling();
		if (table.getBillingMode() == DynaminiProperties.BillingMode.PROVISIONED) {
			for (String property : new String[] { "max-read-request-units", "max-write-request-units" }) {
				Long value = property.startsWith("max-read") ? table.getMaxReadRequestUnits() : table.getMaxWriteRequestUnits();
				if (value != null) {
					throw new InvalidConfigurationPropertyValueException("dynamini.table." + property, value,
							"is the on-demand maximum throughput; with billing-mode=provisioned use the capacity units "
									+ "or dynamini.table.auto-scaling.*");
				}
			}
			if (scaling.isEnabled()) {
				checkAutoScaling(scaling);
			}
			return new TableCapacity(BillingMode.PROVISIONED, table.getReadCapacityUnits(), table.getWriteCapacityUnits());
		}
		if (scaling.isEnabled()) {
			throw new InvalidConfigurationPropertyValueException("dynamini.table.auto-scaling.enabled", true,
					"auto scaling applies to dynamini.table.billing-mode=provisioned; a pay-per-request table scales by "
							+ "itself (cap it with dynamini.table.max-read-request-units / max-write-request-units)");
		}
		long maxRead = positiveOrNone("dynamini.table.max-read-request-units", table.getMaxReadRequestUnits());
		long maxWrite = positiveOrNone("dynamini.table.max-write-request-units", table.getMaxWriteRequestUnits());
		return TableCapacity.onDemand(maxRead, maxWrite);
	}

	private static long positiveOrNone(String property, @Nullable Long value) {
		if (value == null) {
			return 0;
		}
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be 1 or more (unset: no maximum)");
		}
		return value;
	}

	private static void checkAutoScaling(DynaminiProperties.AutoScaling scaling) {
		String prefix = "dynamini.table.auto-scaling.";
		if (scaling.getMinReadCapacity() < 1 || scaling.getMinReadCapacity() > scaling.getMaxReadCapacity()) {
			throw new InvalidConfigurationPropertyValueException(prefix + "min-read-capacity", scaling.getMinReadCapacity(),
					"must be at least 1 and at most max-read-capacity (" + scaling.getMaxReadCapacity() + ")");
		}
		if (scaling.getMinWriteCapacity() < 1 || scaling.getMinWriteCapacity() > scaling.getMaxWriteCapacity()) {
			throw new InvalidConfigurationPropertyValueException(prefix + "min-write-capacity", scaling.getMinWriteCapacity(),
					"must be at least 1 and at most max-write-capacity (" + scaling.getMaxWriteCapacity() + ")");
		}
		if (scaling.getTargetUtilization() < 20 || scaling.getTargetUtilization() > 90) {
			throw new InvalidConfigurationPropertyValueException(prefix + "target-utilization",
					scaling.getTargetUtilization(), "must be between 20 and 90 (percent), as DynamoDB auto scaling allows");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("dynamini.table.auto-scaling.enabled")
	TableAutoScalingInitializer dynaminiTableAutoScaling(DynaminiTableAdmin admin, DynaminiTableInitializer table,
			DynamoDbClient dynamoDbClient, DynaminiProperties properties) {
		DynamoDbServiceClientConfiguration client = dynamoDbClient.serviceClientConfiguration();
		DynaminiProperties.AutoScaling settings = properties.getTable().getAutoScaling();
		return new TableAutoScalingInitializer(admin, table, new ApplicationAutoScalingClient(settings.getEndpoint(),
				client.region(), client.credentialsProvider()), settings);
	}

	/** @return what needs DynamoDB's TTL on the table: the history defaults, or the first entity type that does */
	static @Nullable String timeToLiveNeededBy(DynaminiProperties.History history,
			@Nullable DynaminiMappingContext mappingContext) {
		if (history.getRetain() != null) {
			return "dynamini.history.retain";
		}
		if (history.getKeepRevisions() != null) {
			return "dynamini.history.keep-revisions";
		}
		if (mappingContext == null) {
			return null;
		}
		return mappingContext.getPersistentEntities()
			.stream()
			.filter(entity -> entity.isVersionedEntity() && entity.needsTimeToLive())
			.map(entity -> "@VersionedEntity " + entity.getType().getName())
			.findFirst()
			.orElse(null);
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiCustomConversions dynaminiCustomConversions() {
		return DynaminiCustomConversions.none();
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiMappingContext dynaminiMappingContext(ApplicationContext applicationContext,
			DynaminiCustomConversions conversions) throws ClassNotFoundException {
		DynaminiMappingContext mappingContext = new DynaminiMappingContext(conversions);
		// every @VersionedEntity of the application's packages (or @EntityScan's), verified at startup
		mappingContext.setInitialEntitySet(new EntityScanner(applicationContext).scan(VersionedEntity.class));
		return mappingContext;
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiEntityConverter dynaminiEntityConverter(DynaminiMappingContext mappingContext) {
		return new DynaminiEntityConverter(mappingContext);
	}

	@Bean
	@ConditionalOnMissingBean(DynaminiOperations.class)
	DynaminiTemplate dynaminiTemplate(DynamoDbClient dynamoDbClient, DynaminiProperties properties,
			DynaminiTableInitializer tableInitializer, DynaminiEntityConverter converter,
			ObjectProvider<TenantResolver> tenantResolver, ObjectProvider<Clock> clock,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return DynaminiTemplate.builder()
			.observationRegistry(observationRegistry(properties, observationRegistry))
			.client(dynamoDbClient)
			.tableName(tableInitializer.getTableName())
			.converter(converter)
			.tenantResolver(tenantResolver.getIfUnique())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.consistentRead(properties.isConsistentRead())
			.historyRetention(historyRetention(properties.getHistory()))
			.build();
	}

	/**
	 * @return the application's registry, or {@link ObservationRegistry#NOOP} without one or with
	 * {@code dynamini.observations.enabled=false}
	 */
	static ObservationRegistry observationRegistry(DynaminiProperties properties,
			ObjectProvider<ObservationRegistry> registry) {
		return properties.getObservations().isEnabled() ? registry.getIfUnique(() -> ObservationRegistry.NOOP)
				: ObservationRegistry.NOOP;
	}

	static HistoryRetention historyRetention(DynaminiProperties.History history) {
		Duration retain = history.getRetain();
		Integer keep = history.getKeepRevisions();
		if (retain != null && (retain.isNegative() || retain.isZero())) {
			throw new InvalidConfigurationPropertyValueException("dynamini.history.retain", retain,
					"must be a positive duration (leave it unset to keep revisions without a time limit)");
		}
		if (keep != null && keep < 1) {
			throw new InvalidConfigurationPropertyValueException("dynamini.history.keep-revisions", keep,
					"must be 1 or more (leave it unset to keep revisions without a count limit)");
		}
		return new HistoryRetention(retain, keep == null ? 0 : keep);
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiLeases dynaminiLeases(DynamoDbClient dynamoDbClient, DynaminiTableInitializer tableInitializer,
			ObjectProvider<TenantResolver> tenantResolver) {
		return new DynaminiLeases(dynamoDbClient, tableInitializer.getTableName(), tenantResolver.getIfUnique());
	}
}

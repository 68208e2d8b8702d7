package io.dynamini.boot.autoconfigure;

import java.time.Clock;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.convert.DynaminiCustomConversions;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.lease.DynaminiLeases;
import io.dynamini.tenant.TenantResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
	DynaminiTableInitializer dynaminiTableInitializer(DynaminiTableAdmin admin, DynaminiProperties properties) {
		DynaminiProperties.Table table = properties.getTable();
		TableCapacity capacity = table.getBillingMode() == DynaminiProperties.BillingMode.PROVISIONED
				? new TableCapacity(BillingMode.PROVISIONED, table.getReadCapacityUnits(), table.getWriteCapacityUnits())
				: TableCapacity.onDemand();
		return new DynaminiTableInitializer(admin, table.getName(), table.isCreate(), capacity,
				properties.getChanges().isEnabled());
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiCustomConversions dynaminiCustomConversions() {
		return DynaminiCustomConversions.none();
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiMappingContext dynaminiMappingContext(DynaminiCustomConversions conversions) {
		return new DynaminiMappingContext(conversions);
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
			ObjectProvider<TenantResolver> tenantResolver, ObjectProvider<Clock> clock) {
		return DynaminiTemplate.builder()
			.client(dynamoDbClient)
			.tableName(tableInitializer.getTableName())
			.converter(converter)
			.tenantResolver(tenantResolver.getIfUnique())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.consistentRead(properties.isConsistentRead())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	DynaminiLeases dynaminiLeases(DynamoDbClient dynamoDbClient, DynaminiTableInitializer tableInitializer,
			ObjectProvider<TenantResolver> tenantResolver) {
		return new DynaminiLeases(dynamoDbClient, tableInitializer.getTableName(), tenantResolver.getIfUnique());
	}
}

package io.dynamini.boot.autoconfigure;

import java.util.List;

import io.dynamini.core.DynaminiTableAdmin;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Gives the provisioned table and each of its global secondary indexes target-tracking auto scaling at startup
 * ({@code dynamini.table.auto-scaling.enabled=true}), after the table exists: the calls of {@link TableAutoScaling},
 * sent through {@link ApplicationAutoScalingClient}. Idempotent: each call creates or replaces.
 */
class TableAutoScalingInitializer implements InitializingBean {

	private final DynaminiTableAdmin admin;

	private final DynaminiTableInitializer table;

	private final ApplicationAutoScalingClient client;

	private final DynaminiProperties.AutoScaling settings;

	TableAutoScalingInitializer(DynaminiTableAdmin admin, DynaminiTableInitializer table,
			ApplicationAutoScalingClient client, DynaminiProperties.AutoScaling settings) {
		this.admin = admin;
		this.table = table;
		this.client = client;
		this.settings = settings;
	}

	@Override
	public void afterPropertiesSet() {
		String name = table.getTableName();
		TableDescription description = admin.describe(name)
			.orElseThrow(() -> new InvalidDataAccessResourceUsageException("Table " + name + " does not exist"));
		List<String> indexes = description.globalSecondaryIndexes()
			.stream()
			.map(GlobalSecondaryIndexDescription::indexName)
			.sorted()
			.toList();
		TableAutoScaling scaling = new TableAutoScaling(name, indexes, settings.getMinReadCapacity(),
				settings.getMaxReadCapacity(), settings.getMinWriteCapacity(), settings.getMaxWriteCapacity(),
				settings.getTargetUtilization());
		scaling.calls().forEach(client::send);
	}
}

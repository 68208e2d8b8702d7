package io.dynamini.boot.autoconfigure;

import io.dynamini.core.DynaminiTableAdmin;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Reports the single table's status (one DescribeTable request): UP while it is ACTIVE.
 */
public class DynaminiHealthIndicator extends AbstractHealthIndicator {

	private final DynaminiTableAdmin admin;

	private final String tableName;

	public DynaminiHealthIndicator(DynaminiTableAdmin admin, String tableName) {
		super("DynamoDB health check failed");
		this.admin = admin;
		this.tableName = tableName;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		TableDescription table = admin.describe(tableName).orElse(null);
		builder.withDetail("table", tableName);
		if (table == null) {
			builder.down().withDetail("status", "MISSING");
			return;
		}
		String status = table.tableStatusAsString();
		builder.withDetail("status", status).withDetail("items", table.itemCount());
		if ("ACTIVE".equals(status) || "UPDATING".equals(status)) {
			builder.up();
		}
		else {
			builder.down();
		}
	}
}

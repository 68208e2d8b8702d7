package io.dynamini.boot.autoconfigure;

import io.dynamini.changes.ChangeFeed;
import io.dynamini.core.DynaminiTableAdmin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds {@link DynaminiHealthIndicator} (and, with the change feed, {@link DynaminiChangeFeedHealthIndicator}) when
 * Spring Boot's health support is on the class path ({@code management.health.dynamini.enabled=false} turns them
 * off).
 */
@AutoConfiguration(after = { DynaminiDataAutoConfiguration.class, DynaminiChangesAutoConfiguration.class })
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(DynaminiTableAdmin.class)
@ConditionalOnEnabledHealthIndicator("dynamini")
public class DynaminiHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "dynaminiHealthIndicator")
	DynaminiHealthIndicator dynaminiHealthIndicator(DynaminiTableAdmin admin,
			DynaminiTableInitializer tableInitializer) {
		return new DynaminiHealthIndicator(admin, tableInitializer.getTableName());
	}

	@Bean
	@ConditionalOnBean(ChangeFeed.class)
	@ConditionalOnMissingBean(name = "dynaminiChangesHealthIndicator")
	DynaminiChangeFeedHealthIndicator dynaminiChangesHealthIndicator(ChangeFeed feed) {
		return new DynaminiChangeFeedHealthIndicator(feed);
	}
}

package io.dynamini.boot.autoconfigure;

import io.dynamini.changes.ChangeFeed;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the change feed: DOWN once it (in {@code poll} mode) or one of its shards (in {@code kcl} mode) stopped
 * for good (a listener failed on one event as often as {@code dynamini.changes.max-attempts} allows, or the table has
 * no stream), UP otherwise, with its state: in {@code poll} mode ACTIVE (delivering) or STANDBY (another instance of
 * the group delivers), in {@code kcl} mode the shards this worker holds.
 */
public class DynaminiChangeFeedHealthIndicator extends AbstractHealthIndicator {

	private final ChangeFeed feed;

	public DynaminiChangeFeedHealthIndicator(ChangeFeed feed) {
		super("Change feed health check failed");
		this.feed = feed;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("group", feed.group()).withDetails(feed.details());
		feed.failure().ifPresentOrElse(
				failure -> builder.down().withDetail("failure", String.valueOf(failure.getMessage())), builder::up);
	}
}

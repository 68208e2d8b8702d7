package io.dynamini.boot.autoconfigure;

import io.dynamini.changes.PollingChangeFeed;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the change feed: DOWN once it stopped for good (a listener failed on one event as often as
 * {@code dynamini.changes.max-attempts} allows, or the table has no stream), UP otherwise, with its state (ACTIVE
 * delivering, STANDBY while another instance of the group delivers).
 */
public class DynaminiChangeFeedHealthIndicator extends AbstractHealthIndicator {

	private final PollingChangeFeed feed;

	public DynaminiChangeFeedHealthIndicator(PollingChangeFeed feed) {
		super("Change feed health check failed");
		this.feed = feed;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PollingChangeFeed.State state = feed.state();
		builder.withDetail("group", feed.options().group()).withDetail("state", state.name());
		if (state == PollingChangeFeed.State.FAILED) {
			builder.down();
			feed.failure().ifPresent(failure -> builder.withDetail("failure", String.valueOf(failure.getMessage())));
		}
		else {
			builder.up();
		}
	}
}

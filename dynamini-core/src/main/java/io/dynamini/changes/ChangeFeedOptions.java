package io.dynamini.changes;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How a {@link PollingChangeFeed} consumes.
 *
 * @param group the consumer group: consumers of one group share one position and one lease
 * @param pollInterval the pause after a pass that read nothing
 * @param startPosition where a group that never ran starts
 * @param leaseDuration how long a lease stays valid without renewal; a standby takes over after observing the lease
 * unchanged this long
 * @param maxAttempts deliveries of one event before the feed stops (its position stays before that event)
 */
public record ChangeFeedOptions(String group, Duration pollInterval, StartPosition startPosition, Duration leaseDuration,
		int maxAttempts) {

	public ChangeFeedOptions {
		Assert.hasText(group, "group must not be empty");
		Assert.isTrue(pollInterval.toMillis() > 0, "pollInterval must be positive");
		Assert.notNull(startPosition, "startPosition must not be null");
		Assert.isTrue(leaseDuration.toMillis() >= 300, "leaseDuration must be at least 300 ms");
		Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
	}

	/** A group with the defaults: poll every second, start at the trim horizon, 10 s leases, 10 attempts. */
	public static ChangeFeedOptions of(String group) {
		return new ChangeFeedOptions(group, Duration.ofSeconds(1), StartPosition.TRIM_HORIZON, Duration.ofSeconds(10), 10);
	}

	public ChangeFeedOptions withPollInterval(Duration interval) {
		return new ChangeFeedOptions(group, interval, startPosition, leaseDuration, maxAttempts);
	}

	public ChangeFeedOptions withStartPosition(StartPosition position) {
		return new ChangeFeedOptions(group, pollInterval, position, leaseDuration, maxAttempts);
	}

	public ChangeFeedOptions withLeaseDuration(Duration duration) {
		return new ChangeFeedOptions(group, pollInterval, startPosition, duration, maxAttempts);
	}

	public ChangeFeedOptions withMaxAttempts(int attempts) {
		return new ChangeFeedOptions(group, pollInterval, startPosition, leaseDuration, attempts);
	}
}

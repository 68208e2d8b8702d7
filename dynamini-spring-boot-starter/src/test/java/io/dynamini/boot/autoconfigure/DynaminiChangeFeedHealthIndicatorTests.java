package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import io.dynamini.changes.ChangeFeed;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of a change feed in either mode: DOWN with the failure once the feed (or, in kcl mode, a shard) stopped
 * for good, UP otherwise, with the feed's own details (its state, or the shards it holds).
 */
class DynaminiChangeFeedHealthIndicatorTests {

	record Feed(Optional<Throwable> failure, Map<String, Object> details) implements ChangeFeed {

		@Override
		public String group() {
			return "projector";
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return true;
		}
	}

	@Test
	void aKclFeedWithAStoppedShardIsDownNamingTheShard() {
		Feed feed = new Feed(Optional.of(new IllegalStateException("Delivery failed 10 times; shard s-1 stops before it")),
				Map.of("mode", "kcl", "shards", java.util.List.of("s-2"), "failedShards", Map.of("s-1", "Delivery failed")));
		Health health = new DynaminiChangeFeedHealthIndicator(feed).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("group", "projector")
			.containsEntry("mode", "kcl")
			.containsKey("failedShards")
			.hasEntrySatisfying("failure", failure -> assertThat(failure.toString()).contains("shard s-1"));
	}

	@Test
	void aFeedWithoutFailureIsUpWithItsDetails() {
		Health health = new DynaminiChangeFeedHealthIndicator(new Feed(Optional.empty(), Map.of("mode", "kcl", "shards",
				java.util.List.of("s-1", "s-2")))).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("shards", java.util.List.of("s-1", "s-2"));
	}
}

package io.dynamini.embedded.streams;

import java.time.Duration;

/**
 * How the engine's streams behave: active shards per stream, rollover by records per shard and by shard age
 * ({@code 0} / {@code null}: never), and how long records are kept.
 */
public record StreamSettings(int activeShards, int rolloverRecords, Duration rolloverAfter, Duration retention) {

	public static final StreamSettings DEFAULTS = new StreamSettings(1, 0, null, Duration.ofHours(24));

	public StreamSettings {
		if (activeShards < 1) {
			throw new IllegalArgumentException("A stream needs at least one active shard, not " + activeShards);
		}
		if (rolloverRecords < 0) {
			throw new IllegalArgumentException("rolloverRecords must not be negative");
		}
	}
}

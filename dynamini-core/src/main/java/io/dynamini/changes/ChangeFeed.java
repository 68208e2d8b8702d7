package io.dynamini.changes;

import java.util.Map;
import java.util.Optional;

import org.springframework.context.SmartLifecycle;

/**
 * A running change feed of one consumer group, whatever reads the stream: {@link PollingChangeFeed} ({@code poll}
 * mode) or {@code io.dynamini.changes.kcl.KclChangeFeed} ({@code kcl} mode). Both hand the same {@link ChangeEvent}s
 * to the same listener with the same guarantees (checkpoint after the listener returned, retries with backoff, a stop
 * after {@code maxAttempts} failures on one event, parents before children).
 */
public interface ChangeFeed extends SmartLifecycle {

	/** @return the consumer group this feed delivers for */
	String group();

	/**
	 * @return why the feed (or, in {@code kcl} mode, one of its shards) stopped delivering for good, if it did: the
	 * health indicator is DOWN while it is present
	 */
	Optional<Throwable> failure();

	/** @return what the health endpoint shows of the feed (its state, what it holds) */
	Map<String, Object> details();
}

package io.dynamini.core;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * Jittered exponential backoff between attempts of a request that contended, was throttled or left work undone.
 */
final class Backoff {

	private Backoff() {
	}

	/**
	 * Sleeps a random time up to {@code baseMillis * 2^attempt}, capped at {@code capMillis}.
	 */
	static void sleep(int attempt, long baseMillis, long capMillis) {
		long cap = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new ConcurrencyFailureException("Interrupted while retrying", interrupted);
		}
	}

	/**
	 * Sleeps between half and all of {@code baseMillis * 2^attempt}, capped at {@code capMillis}: a pause that grows
	 * and never collapses to nothing (for waiting out another's work rather than spreading contenders).
	 */
	static void pause(int attempt, long baseMillis, long capMillis) {
		long cap = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
		try {
			Thread.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new ConcurrencyFailureException("Interrupted while retrying", interrupted);
		}
	}
}

package io.dynamini.changes;

import java.util.function.BiFunction;
import java.util.function.LongConsumer;

/**
 * How both modes of the change feed treat a change that could not be decoded or delivered: the same attempt again
 * after a pause of 100 ms doubling up to 5 s, until {@code maxAttempts} attempts failed; then the feed ({@code poll}
 * mode) or the shard ({@code kcl} mode) stops before the change, which is never skipped.
 */
public final class DeliveryRetries {

	private static final System.Logger logger = System.getLogger(DeliveryRetries.class.getName());

	private DeliveryRetries() {
	}

	/**
	 * After failed attempt {@code attempt} at {@code what}: logs it and pauses, or, once {@code maxAttempts} attempts
	 * failed, throws what {@code stop} makes of the reason.
	 *
	 * @param stops what stops, for the message ("the feed", "shard ...")
	 * @param pause pauses the delivering thread (waking early when the feed stops)
	 */
	public static void afterFailure(int attempt, int maxAttempts, Throwable ex, String what, String stops,
			LongConsumer pause, BiFunction<String, Throwable, ? extends RuntimeException> stop) {
		if (attempt >= maxAttempts) {
			throw stop.apply("Delivery of %s failed %d times; %s stops before it: %s".formatted(what, attempt, stops,
					ex.getMessage()), ex);
		}
		logger.log(System.Logger.Level.WARNING, "Delivery of " + what + " failed (attempt " + attempt + "), retrying: "
				+ ex.getMessage());
		pause.accept(Math.min(5_000, 50L << Math.min(attempt, 7)));
	}
}

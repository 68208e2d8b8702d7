package io.dynamini.changes;

import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * How both modes of the change feed treat a change that could not be decoded or delivered: the same attempt again
 * after a pause of 100 ms doubling up to 5 s, until {@code maxAttempts} attempts failed; then the feed ({@code poll}
 * mode) or the shard ({@code kcl} mode) stops before the change, which is never skipped. A listener fails by throwing
 * anything but a {@link VirtualMachineError} (an {@code AssertionError} too); a {@code VirtualMachineError} is the
 * JVM's trouble, not the event's, and goes up.
 */
public final class DeliveryRetries {

	private static final System.Logger logger = System.getLogger(DeliveryRetries.class.getName());

	private final int maxAttempts;

	private final String stops;

	private final LongConsumer pause;

	private final BiFunction<String, Throwable, ? extends RuntimeException> stop;

	/**
	 * @param stops what stops after the last attempt, for the message ("the feed", "shard ...")
	 * @param pause pauses the delivering thread (waking early when the feed stops)
	 * @param stop what to throw after the last attempt, from its message and the last failure
	 */
	public DeliveryRetries(int maxAttempts, String stops, LongConsumer pause,
			BiFunction<String, Throwable, ? extends RuntimeException> stop) {
		this.maxAttempts = maxAttempts;
		this.stops = stops;
		this.pause = pause;
		this.stop = stop;
	}

	/** @return what {@code decoding} returns, attempted again while it throws */
	public <T> T decode(Supplier<T> decoding, String what) {
		for (int attempt = 1;; attempt++) {
			try {
				return decoding.get();
			}
			catch (RuntimeException ex) {
				afterFailure(attempt, ex, what);
			}
		}
	}

	/**
	 * Hands {@code event} to {@code listener} until it returns.
	 *
	 * @param delivering asked before each attempt: whether this holder still delivers (running, its lease held)
	 * @return whether the event was delivered; {@code false} when {@code delivering} said no first
	 */
	public boolean deliver(ChangeEvent<?> event, Consumer<ChangeEvent<?>> listener, BooleanSupplier delivering) {
		for (int attempt = 1;; attempt++) {
			if (!delivering.getAsBoolean()) {
				return false;
			}
			try {
				listener.accept(event);
				return true;
			}
			catch (VirtualMachineError fatal) {
				throw fatal;
			}
			catch (Throwable ex) {
				afterFailure(attempt, ex, event.toString());
			}
		}
	}

	private void afterFailure(int attempt, Throwable ex, String what) {
		if (attempt >= maxAttempts) {
			throw stop.apply("Delivery of %s failed %d times; %s stops before it: %s".formatted(what, attempt, stops,
					ex.getMessage()), ex);
		}
		logger.log(System.Logger.Level.WARNING, "Delivery of " + what + " failed (attempt " + attempt + "), retrying: "
				+ ex.getMessage());
		pause.accept(Math.min(5_000, 50L << Math.min(attempt, 7)));
	}
}

package io.dynamini.changes;

import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One consumer's view of its group's lease: at most one holder delivers. Takeover never compares clocks of different
 * machines: a standby takes the lease only after it observed the lease item unchanged (same holder, token and
 * heartbeat) for a full lease duration on its own clock (the approach of awslabs' dynamodb-lock-client). A holder
 * renews every third of the duration and considers itself the holder only until a full duration after the last
 * renewal it sent that succeeded, so that it stops before any standby can take over. Each change of holder raises the
 * fencing token that checkpoints carry. Not thread-safe: the feed's thread uses it.
 */
final class FeedLease {

	private final FeedStore store;

	private final long durationNanos;

	private final LongSupplier nanoClock;

	private final String owner = UUID.randomUUID().toString();

	private long token;

	private boolean held;

	/** when the last successful acquisition or renewal was sent */
	private long validFromNanos;

	private FeedStore.@Nullable LeaseRecord observed;

	private long observedSinceNanos;

	FeedLease(FeedStore store, Duration duration, LongSupplier nanoClock) {
		this.store = store;
		this.durationNanos = duration.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * Acquires, renews or keeps waiting for the lease, as due.
	 *
	 * @return whether this consumer holds the lease now
	 */
	boolean hold() {
		long now = nanoClock.getAsLong();
		if (held) {
			if (now - validFromNanos >= durationNanos / 3) {
				try {
					if (store.renew(owner, token)) {
						validFromNanos = now;
					}
					else {
						held = false;
					}
				}
				catch (RuntimeException ex) {
					// unknown outcome: the lease stays valid until its duration from the last known renewal
				}
			}
			held = held && isValid();
			return held;
		}
		FeedStore.LeaseRecord current = store.readLease();
		if (current == null) {
			acquired(store.createLease(owner), 1, now);
		}
		else if (current.released() || current.equals(observed) && now - observedSinceNanos >= durationNanos) {
			acquired(store.takeOver(current, owner), current.token() + 1, now);
		}
		else if (!current.equals(observed)) {
			observed = current;
			observedSinceNanos = now;
		}
		return held;
	}

	/** @return whether the lease is still this consumer's by its own clock */
	boolean isValid() {
		return held && nanoClock.getAsLong() - validFromNanos < durationNanos;
	}

	long token() {
		return token;
	}

	/** Gives the lease up if held, so that a standby takes over at once. */
	void release() {
		if (held) {
			held = false;
			store.release(owner, token);
		}
	}

	/** Forgets the lease without giving it up, as a crashed consumer would. */
	void abandon() {
		held = false;
	}

	private void acquired(boolean success, long newToken, long sentAt) {
		observed = null;
		if (success) {
			held = true;
			token = newToken;
			validFromNanos = sentAt;
		}
	}
}

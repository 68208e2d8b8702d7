package io.dynamini.changes;

import java.time.Duration;
import java.util.Optional;

import io.dynamini.lease.DynaminiLeases;
import io.dynamini.lease.Lease;
import io.dynamini.lease.LeaseLostException;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;

/**
 * One consumer's hold on its group's lease (a {@link DynaminiLeases} lease named {@code changes/<group>}): at most
 * one holder delivers. The holder renews every third of the duration and counts itself the holder only until a full
 * duration after the last renewal it sent that succeeded; a standby takes over only after observing the lease
 * unchanged for a full duration on its own clock. Each change of holder raises the fencing token that checkpoints
 * carry. Not thread-safe: the feed's thread uses it.
 */
final class FeedLease {

	private final DynaminiLeases leases;

	private final String name;

	private final Duration duration;

	private @Nullable Lease lease;

	private long renewedAtNanos;

	FeedLease(DynaminiLeases leases, String group, Duration duration) {
		this.leases = leases;
		this.name = "changes/" + group;
		this.duration = duration;
	}

	/**
	 * Acquires, renews or keeps waiting for the lease, as due.
	 *
	 * @return whether this consumer holds the lease now
	 */
	boolean hold() {
		Lease current = lease;
		if (current != null && current.isHeld()) {
			if (System.nanoTime() - renewedAtNanos >= duration.toNanos() / 3) {
				try {
					current.renew();
					renewedAtNanos = System.nanoTime();
				}
				catch (LeaseLostException lost) {
					lease = null;
					return false;
				}
				catch (DataAccessException unknown) {
					// unknown outcome: the lease stays valid until its duration from the last known renewal
				}
			}
			return current.isHeld();
		}
		lease = null;
		Optional<Lease> acquired = leases.tryAcquire(name, duration);
		acquired.ifPresent(taken -> {
			lease = taken;
			renewedAtNanos = System.nanoTime();
		});
		return acquired.isPresent();
	}

	/** @return whether the lease is still this consumer's by its own clock */
	boolean isValid() {
		Lease current = lease;
		return current != null && current.isHeld();
	}

	long token() {
		Lease current = lease;
		return current == null ? 0 : current.token();
	}

	/** Gives the lease up if held, so that a standby takes over at once. */
	void release() {
		Lease current = lease;
		lease = null;
		if (current != null) {
			current.release();
		}
	}

	/** Forgets the lease without giving it up, as a crashed consumer would. */
	void abandon() {
		lease = null;
	}
}

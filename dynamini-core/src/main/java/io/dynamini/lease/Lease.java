package io.dynamini.lease;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.dynamini.core.WriteFence;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A held lease: its fencing token (strictly increasing per name across all holders ever), renewal, release, and
 * fenced work. The holder counts itself the holder only until a full lease duration after the last acquisition or
 * renewal it sent that succeeded, by its own clock ({@link #isHeld()}); a waiter takes the lease over only after
 * observing it unchanged for a full duration on its clock, so the two never overlap without comparing clocks.
 * One thread uses a lease; its renewals may also run on the heartbeat thread ({@link #heartbeat}).
 */
public final class Lease {

	private static final System.Logger logger = System.getLogger(Lease.class.getName());

	private final DynaminiLeases leases;

	private final LeaseKey key;

	private final String owner;

	private final long token;

	private final Duration duration;

	private volatile long validFromNanos;

	private volatile boolean held = true;

	private volatile @Nullable ScheduledFuture<?> heartbeat;

	Lease(DynaminiLeases leases, LeaseKey key, String owner, long token, Duration duration, long validFromNanos) {
		this.leases = leases;
		this.key = key;
		this.owner = owner;
		this.token = token;
		this.duration = duration;
		this.validFromNanos = validFromNanos;
	}

	/** @return the lease's name */
	public String name() {
		return key.name();
	}

	/** @return the fencing token: higher than every token any earlier holder of this name had */
	public long token() {
		return token;
	}

	/** @return whether this lease is still held by its holder's own clock (and was not released or lost) */
	public boolean isHeld() {
		return held && leases.nanos() - validFromNanos < duration.toNanos();
	}

	/**
	 * Extends the lease by a full duration from now.
	 *
	 * @throws LeaseLostException if another holder took it over or it was released
	 */
	public synchronized void renew() {
		if (!held) {
			throw lost("it was released or lost before");
		}
		long sent = leases.nanos();
		if (!leases.store().renew(key, owner, token)) {
			held = false;
			throw lost("another holder took it over");
		}
		validFromNanos = sent;
	}

	/**
	 * Renews the lease every {@code period} until it is released or lost (automatic renewal). Renewals of all the
	 * leases of one {@link DynaminiLeases} run one after another on its single daemon thread
	 * ({@code dynamini-lease-heartbeat}), so {@code period} should leave room for a few renewals within the lease
	 * duration (a third of it or less). A renewal refused because another holder took the lease over marks it lost
	 * ({@link #isHeld()} false, {@link #fenced} refuses); a failed request (throttling, network) is tried again at the
	 * next beat, and if none succeeds within the duration the lease lapses by this holder's own clock.
	 *
	 * @return this lease
	 * @throws IllegalArgumentException if {@code period} is not shorter than the lease duration
	 */
	public Lease heartbeat(Duration period) {
		Assert.isTrue(!period.isNegative() && !period.isZero() && period.compareTo(duration) < 0,
				() -> "The heartbeat period must be positive and shorter than the lease duration " + duration + ", not "
						+ period);
		stopHeartbeat();
		heartbeat = leases.heartbeats().scheduleWithFixedDelay(this::beat, period.toNanos(), period.toNanos(),
				TimeUnit.NANOSECONDS);
		return this;
	}

	/** Stops automatic renewal; the lease stays held until its duration passes. */
	public void stopHeartbeat() {
		ScheduledFuture<?> running = heartbeat;
		heartbeat = null;
		if (running != null) {
			running.cancel(false);
		}
	}

	private void beat() {
		if (!held) {
			stopHeartbeat();
			return;
		}
		try {
			renew();
		}
		catch (LeaseLostException lost) {
			logger.log(System.Logger.Level.WARNING, () -> lost.getMessage());
			stopHeartbeat();
		}
		catch (RuntimeException failed) {
			logger.log(System.Logger.Level.WARNING, () -> "Renewal of " + describe() + " failed; trying again at the "
					+ "next beat: " + failed.getMessage());
		}
	}

	/** Gives the lease up, so that a waiter takes it at once. Does nothing if it is no longer held. */
	public synchronized void release() {
		stopHeartbeat();
		if (held) {
			held = false;
			leases.store().release(key, owner, token);
		}
	}

	/**
	 * Runs {@code work} with every dynamini write it makes on this thread fenced by this lease: each write's
	 * transaction also checks that the lease item still names this holder and token, so a holder that paused past
	 * its lease can no longer write. Every write path carries it: save, insert, update, delete, restore, purge, and
	 * the commit of a Spring-managed transaction whose writes were made here (even if it commits after this returns).
	 *
	 * @throws LeaseLostException if the lease is not held when called, or a write was refused (nothing written)
	 */
	public <R> R fenced(Supplier<R> work) {
		if (!isHeld()) {
			throw lost("its duration passed without renewal");
		}
		// the fence marks this lease lost when a write (or a later commit of a transaction) is refused
		return new WriteFence(leases.tableName(), key.itemKey(), owner, token, describe(), message -> {
			held = false;
			return new LeaseLostException(message);
		}).run(work);
	}

	private LeaseLostException lost(String why) {
		return new LeaseLostException("%s is no longer held: %s".formatted(describe(), why));
	}

	private String describe() {
		return "lease '%s'%s (token %d)".formatted(key.name(), key.tenant().isEmpty() ? "" : " of tenant '" + key.tenant() + "'",
				token);
	}
}

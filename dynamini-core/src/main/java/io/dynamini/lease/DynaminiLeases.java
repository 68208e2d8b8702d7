package io.dynamini.lease;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

import io.dynamini.tenant.TenantResolver;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Leases with fencing tokens, kept in the dynamini table and scoped to the current tenant (the approach of awslabs'
 * dynamodb-lock-client, plus fencing): {@link #tryAcquire} takes a free or released lease at once, and another
 * holder's lease only after this instance observed it unchanged (same holder, token and heartbeat) for that holder's
 * full lease duration on its own clock — no clocks of different machines are compared. Each acquisition raises the
 * lease's token; {@link Lease#fenced} makes every dynamini write check it. Thread-safe; a {@link Lease} is not.
 */
public class DynaminiLeases implements AutoCloseable {

	private final LeaseStore store;

	private final String tableName;

	private final @Nullable TenantResolver tenants;

	private final LongSupplier nanoClock;

	private final String instance = UUID.randomUUID().toString();

	/** Runs the renewals of leases with a heartbeat, one after another; started on first use. */
	private volatile @Nullable ScheduledExecutorService heartbeats;

	/** Lease items seen, and since when by this instance's clock. */
	private final Map<LeaseKey, Observation> observations = new ConcurrentHashMap<>();

	/**
	 * @param tenants the tenant resolver of the application's templates, or {@code null} without tenants
	 */
	public DynaminiLeases(DynamoDbClient client, String tableName, @Nullable TenantResolver tenants) {
		this(client, tableName, tenants, System::nanoTime);
	}

	DynaminiLeases(DynamoDbClient client, String tableName, @Nullable TenantResolver tenants, LongSupplier nanoClock) {
		Assert.notNull(client, "client must not be null");
		Assert.hasText(tableName, "tableName must not be empty");
		this.store = new LeaseStore(client, tableName);
		this.tableName = tableName;
		this.tenants = tenants;
		this.nanoClock = nanoClock;
	}

	/**
	 * Takes the lease if it is free, released, or observed unchanged by this instance for its holder's full
	 * duration; one or two requests.
	 *
	 * @return the lease, or empty if another holder has it
	 */
	public Optional<Lease> tryAcquire(String name, Duration leaseDuration) {
		Assert.hasText(name, "name must not be empty");
		Assert.isTrue(leaseDuration.toMillis() > 0, "leaseDuration must be positive");
		LeaseKey key = new LeaseKey(tenant(), name);
		String owner = instance + "/" + Thread.currentThread().getId() + "/" + UUID.randomUUID();
		LeaseStore.Item current = store.read(key);
		// the state read existed no later than now, when the read has returned: the holder's renewal that produced
		// it was sent before now, so its lease ends at most a duration after now (a clock read before the read could
		// be earlier than a renewal the read saw)
		long observed = nanos();
		if (current == null) {
			long sent = nanos();
			return store.create(key, owner, leaseDuration.toMillis())
					? Optional.of(new Lease(this, key, owner, 1, leaseDuration, sent)) : Optional.empty();
		}
		Observation seen = observations.get(key);
		boolean expired = seen != null && seen.item().equals(current)
				&& observed - seen.sinceNanos() >= Duration.ofMillis(current.durationMillis()).toNanos();
		if (current.released() || expired) {
			observations.remove(key);
			long sent = nanos();
			return store.takeOver(key, current, owner, leaseDuration.toMillis())
					? Optional.of(new Lease(this, key, owner, current.token() + 1, leaseDuration, sent)) : Optional.empty();
		}
		if (seen == null || !seen.item().equals(current)) {
			observations.put(key, new Observation(current, observed));
		}
		return Optional.empty();
	}

	/**
	 * Waits for the lease up to {@code maxWait}, trying again every quarter of the lease duration (at most 1 s).
	 *
	 * @throws CannotAcquireLockException if it is still held by another after {@code maxWait}
	 */
	public Lease acquire(String name, Duration leaseDuration, Duration maxWait) {
		long deadline = nanos() + maxWait.toNanos();
		long pause = Math.max(10, Math.min(1000, leaseDuration.toMillis() / 4));
		while (true) {
			Optional<Lease> lease = tryAcquire(name, leaseDuration);
			if (lease.isPresent()) {
				return lease.get();
			}
			if (nanos() >= deadline) {
				throw new CannotAcquireLockException("Lease '%s' is still held by another holder after %s"
					.formatted(name, maxWait));
			}
			try {
				Thread.sleep(pause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CannotAcquireLockException("Interrupted while waiting for lease '" + name + "'", ex);
			}
		}
	}

	long nanos() {
		return nanoClock.getAsLong();
	}

	/** @return the single daemon thread that renews leases with a heartbeat */
	synchronized ScheduledExecutorService heartbeats() {
		ScheduledExecutorService executor = heartbeats;
		if (executor == null) {
			executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
				Thread thread = new Thread(runnable, "dynamini-lease-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			heartbeats = executor;
		}
		return executor;
	}

	/**
	 * Stops the heartbeat thread: leases with a heartbeat are no longer renewed (they stay held until their duration
	 * passes). Called by Spring when the application context closes.
	 */
	@Override
	public synchronized void close() {
		ScheduledExecutorService executor = heartbeats;
		heartbeats = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	LeaseStore store() {
		return store;
	}

	String tableName() {
		return tableName;
	}

	private String tenant() {
		if (tenants == null) {
			return "";
		}
		String tenant = tenants.currentTenant();
		Assert.hasText(tenant, "the tenant resolver returned no tenant");
		return tenant;
	}

	private record Observation(LeaseStore.Item item, long sinceNanos) {
	}
}

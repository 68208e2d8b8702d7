package io.dynamini.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.transaction.DynaminiTransactionManager;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.WorstMoment;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Leases with fencing tokens against the engine: takeover only after a full duration on the waiter's own clock,
 * and a lost holder's fenced writes refused with nothing written; then, as the lock client's stress tests and beyond,
 * 8 threads competing for one lease to increment a counter with fenced writes while some holders pause past their
 * lease: never two holders at once, tokens strictly increasing, the counter equal to the acknowledged writes.
 */
class LeaseIntegrationTests {

	static final DynamoDbClient client = TestEngine.client();

	static final String table = TestEngine.uniqueTableName(LeaseIntegrationTests.class);

	static final DynaminiTemplate template = createTemplate();

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		return new DynaminiTemplate(client, table);
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	static Note counter(String id) {
		Note note = new Note("lease", "counter");
		note.setId(id);
		return template.save(note);
	}

	static void increment(String id) {
		template.update(Note.class, id, note -> {
			note.setCounter(note.getCounter() + 1);
			return note;
		});
	}

	@Test
	void aWaiterTakesOverOnlyAfterAFullDurationOnItsOwnClockAndTheOldHoldersWritesAreRefused() {
		String name = "own-clock-" + System.nanoTime();
		String id = counter(name).getId();
		AtomicLong clockA = new AtomicLong(1_000_000_000_000L);
		AtomicLong clockB = new AtomicLong(-7);
		DynaminiLeases a = new DynaminiLeases(client, table, null, clockA::get);
		DynaminiLeases b = new DynaminiLeases(client, table, null, clockB::get);
		Duration duration = Duration.ofSeconds(10);

		Lease held = a.tryAcquire(name, duration).orElseThrow();
		assertThat(held.token()).isEqualTo(1);
		held.fenced(() -> {
			increment(id);
			return null;
		});

		assertThat(b.tryAcquire(name, duration)).as("first sight").isEmpty();
		clockB.addAndGet(duration.toNanos() - 1);
		assertThat(b.tryAcquire(name, duration)).as("not yet a full duration").isEmpty();
		clockA.addAndGet(duration.toNanos() / 2);
		held.renew();
		clockB.addAndGet(2);
		assertThat(b.tryAcquire(name, duration)).as("the holder renewed: observation starts again").isEmpty();

		// the holder pauses; by its own clock its lease ends after a full duration without renewal
		clockA.addAndGet(duration.toNanos());
		assertThat(held.isHeld()).isFalse();
		clockB.addAndGet(duration.toNanos());
		Lease taken = b.tryAcquire(name, duration).orElseThrow();
		assertThat(taken.token()).isEqualTo(2);

		assertThatThrownBy(held::renew).isInstanceOf(LeaseLostException.class);
		clockA.set(clockA.get() - duration.toNanos());
		// even a holder that believes itself valid is refused by the fence, and nothing is written
		Lease stale = new Lease(a, new LeaseKey("", name), "someone-else", 1, duration, clockA.get());
		assertThatThrownBy(() -> stale.fenced(() -> {
			increment(id);
			return null;
		})).isInstanceOf(LeaseLostException.class).hasMessageContaining("no longer held");
		assertThat(template.findById(Note.class, id)).get().extracting(Note::getCounter).isEqualTo(1L);

		taken.fenced(() -> {
			increment(id);
			return null;
		});
		taken.release();
		Lease next = a.tryAcquire(name, duration).orElseThrow();
		assertThat(next.token()).as("a released lease is taken at once with the next token").isEqualTo(3);
		assertThat(template.findById(Note.class, id)).get().extracting(Note::getCounter).isEqualTo(2L);
	}

	@Test
	void aFencedTransactionIsRefusedWholeWhenTheLeaseIsLost() {
		String name = "fenced-tx-" + System.nanoTime();
		String id = counter(name).getId();
		DynaminiLeases leases = new DynaminiLeases(client, table, null);
		Lease lease = leases.tryAcquire(name, Duration.ofSeconds(30)).orElseThrow();
		TransactionTemplate transaction = new TransactionTemplate(new DynaminiTransactionManager(client));
		DynaminiLeases thief = new DynaminiLeases(client, table, null);

		assertThatThrownBy(() -> lease.fenced(() -> transaction.execute(status -> {
			increment(id);
			template.save(new Note("x", "created in the transaction"));
			// the lease is taken by another holder before the commit
			thiefTakes(lease, thief, name);
			return null;
		}))).isInstanceOf(LeaseLostException.class);

		assertThat(template.findById(Note.class, id)).get().extracting(Note::getCounter).isEqualTo(0L);
	}

	/** Releases {@code lease} on its holder's behalf and lets {@code thief} take it. */
	static void thiefTakes(Lease lease, DynaminiLeases thief, String name) {
		lease.release();
		assertThat(thief.tryAcquire(name, Duration.ofSeconds(30))).isPresent();
	}

	@Test
	void eightCompetingHoldersSomePausingNeverOverlapAndTheCounterEqualsTheAcknowledgedFencedWrites()
			throws Exception {
		String name = "stress-" + System.nanoTime();
		String id = counter(name).getId();
		Duration duration = Duration.ofMillis(400);
		Set<Lease> live = ConcurrentHashMap.newKeySet();
		List<Long> tokens = new ArrayList<>();
		AtomicInteger acknowledged = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger paused = new AtomicInteger();
		List<String> violations = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				workers.add(pool.submit(() -> {
					DynaminiLeases leases = new DynaminiLeases(client, table, null);
					for (int round = 0; round < 5; round++) {
						Lease lease;
						try {
							lease = leases.acquire(name, duration, Duration.ofSeconds(60));
						}
						catch (CannotAcquireLockException ex) {
							synchronized (violations) {
								violations.add("starved: " + ex.getMessage());
							}
							continue;
						}
						synchronized (tokens) {
							if (!tokens.isEmpty() && lease.token() <= tokens.get(tokens.size() - 1)) {
								violations.add("token " + lease.token() + " after " + tokens.get(tokens.size() - 1));
							}
							tokens.add(lease.token());
							for (Lease other : live) {
								if (other.isHeld()) {
									violations.add("two holders: " + other.token() + " and " + lease.token());
								}
							}
							live.add(lease);
						}
						if (ThreadLocalRandom.current().nextInt(3) == 0) {
							paused.incrementAndGet();
							sleep(duration.toMillis() * 2);
						}
						try {
							lease.fenced(() -> {
								increment(id);
								return null;
							});
							acknowledged.incrementAndGet();
						}
						catch (LeaseLostException lost) {
							refused.incrementAndGet();
						}
						live.remove(lease);
						lease.release();
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(violations).isEmpty();
		assertThat(tokens).hasSize(40).doesNotHaveDuplicates();
		assertThat(paused.get()).isPositive();
		assertThat(acknowledged.get() + refused.get()).isEqualTo(40);
		assertThat(template.findById(Note.class, id)).get()
			.extracting(Note::getCounter)
			.as("the counter equals the acknowledged fenced writes (%d refused)", refused.get())
			.isEqualTo((long) acknowledged.get());
		assertThat(refused.get()).as("paused holders whose lease was taken over were refused").isPositive();
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aLeaseWithAHeartbeatStaysHeldPastItsDurationUntilReleasedAndNoWaiterTakesItMeanwhile() throws Exception {
		String name = "heartbeat-" + System.nanoTime();
		String id = counter(name).getId();
		try (DynaminiLeases holder = new DynaminiLeases(client, table, null);
				DynaminiLeases waiter = new DynaminiLeases(client, table, null)) {
			Duration duration = Duration.ofMillis(400);
			Lease lease = holder.tryAcquire(name, duration).orElseThrow().heartbeat(Duration.ofMillis(100));
			long until = System.nanoTime() + Duration.ofMillis(1600).toNanos();
			while (System.nanoTime() < until) {
				assertThat(waiter.tryAcquire(name, duration)).as("renewed: never unchanged for a full duration").isEmpty();
				Thread.sleep(50);
			}
			assertThat(lease.isHeld()).isTrue();
			lease.fenced(() -> {
				increment(id);
				return null;
			});

			lease.release();
			Lease next = waiter.tryAcquire(name, duration).orElseThrow();
			assertThat(next.token()).isEqualTo(lease.token() + 1);
			assertThatThrownBy(() -> lease.heartbeat(Duration.ofMillis(100)).fenced(() -> null))
				.isInstanceOf(LeaseLostException.class);
			next.release();
		}
		assertThat(template.findById(Note.class, id).orElseThrow().getCounter()).isEqualTo(1);
	}

	@Test
	void aHeartbeatThatFindsTheLeaseTakenOverStopsAndTheLeaseCountsAsLost() throws Exception {
		String name = "heartbeat-lost-" + System.nanoTime();
		AtomicLong waiterClock = new AtomicLong();
		try (DynaminiLeases holder = new DynaminiLeases(client, table, null)) {
			DynaminiLeases waiter = new DynaminiLeases(client, table, null, waiterClock::get);
			Duration duration = Duration.ofSeconds(10);
			Lease lease = holder.tryAcquire(name, duration).orElseThrow();
			assertThat(waiter.tryAcquire(name, duration)).isEmpty();
			// the holder paused (no heartbeat yet): the waiter saw the lease unchanged for a full duration of its clock
			waiterClock.addAndGet(duration.toNanos());
			Lease taken = waiter.tryAcquire(name, duration).orElseThrow();

			lease.heartbeat(Duration.ofMillis(50));
			long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (lease.isHeld() && System.nanoTime() < until) {
				Thread.sleep(20);
			}
			assertThat(lease.isHeld()).as("the first beat found another holder").isFalse();
			assertThat(taken.isHeld()).isTrue();
			taken.release();
		}
	}

	@Test
	void aHeartbeatPeriodThatIsNotShorterThanTheDurationIsRefused() {
		Lease lease = new DynaminiLeases(client, table, null).tryAcquire("period-" + System.nanoTime(), Duration.ofSeconds(1))
			.orElseThrow();
		assertThatThrownBy(() -> lease.heartbeat(Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("shorter than the lease duration");
		lease.release();
	}

	/** A lease object that believes it holds {@code name} while the lease item names another holder. */
	static Lease staleHolderOf(String name) {
		DynaminiLeases leases = new DynaminiLeases(client, table, null);
		leases.tryAcquire(name, Duration.ofSeconds(30)).orElseThrow();
		return new Lease(leases, new LeaseKey("", name), "a holder that lost it", 1, Duration.ofSeconds(30),
				leases.nanos());
	}

	@Test
	void everyWritePathOfAStaleHolderIsRefusedPurgeIncluded() {
		String name = "fenced-paths-" + System.nanoTime();
		Note note = counter(name);
		String id = note.getId();
		template.update(Note.class, id, n -> {
			n.setText("v2");
			return n;
		});
		Lease stale = staleHolderOf(name);

		List<Runnable> writes = List.of(() -> template.purge(Note.class, id), () -> template.deleteById(Note.class, id),
				() -> template.update(Note.class, id, n -> n), () -> template.save(template.findById(Note.class, id).orElseThrow()),
				() -> template.insert(new Note("x", "new under a lost lease")), () -> template.restore(Note.class, id));
		for (Runnable write : writes) {
			assertThatThrownBy(() -> stale.fenced(() -> {
				write.run();
				return null;
			})).isInstanceOf(LeaseLostException.class).hasMessageContaining("no longer held");
		}
		assertThat(template.findRevisions(Note.class, id).getContent()).as("nothing erased, nothing written").hasSize(2);
		assertThat(template.findById(Note.class, id)).get().extracting(Note::getVersion).isEqualTo(2L);
	}

	@Test
	void aWriteFencedInsideATransactionIsRefusedAtCommitAfterFencedReturned() {
		String name = "fenced-commit-" + System.nanoTime();
		Note note = counter(name);
		Lease stale = staleHolderOf(name);
		TransactionTemplate transaction = new TransactionTemplate(new DynaminiTransactionManager(client));

		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> stale.fenced(() -> {
			note.setText("written by a holder that lost its lease");
			return template.save(note);
		}))).isInstanceOf(LeaseLostException.class).hasMessageContaining("commit");
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			stale.fenced(() -> {
				template.requireLive(Note.class, note.getId());
				return null;
			});
			template.save(new Note("x", "unfenced, in a fenced transaction"));
		})).isInstanceOf(LeaseLostException.class);
		assertThat(template.findById(Note.class, note.getId())).get().extracting(Note::getVersion).isEqualTo(1L);
		assertThat(stale.isHeld()).as("a refused commit marks the lease lost").isFalse();
	}

	@Test
	void aWaiterMeasuresFromItsObservationNotFromBeforeTheReadThatSawARenewal() {
		String name = "observe-" + System.nanoTime();
		AtomicLong clock = new AtomicLong(0);
		Duration duration = Duration.ofSeconds(10);
		DynaminiLeases holder = new DynaminiLeases(client, table, null, clock::get);
		Lease held = holder.tryAcquire(name, duration).orElseThrow();
		WorstMoment moment = new WorstMoment();
		DynaminiLeases waiter = new DynaminiLeases(TestEngine.client(moment), table, null, clock::get);

		clock.set(Duration.ofSeconds(1).toNanos());
		// while the waiter's read is in flight, the holder renews at 5 s
		moment.before("GetItem", 1, () -> {
			clock.set(Duration.ofSeconds(5).toNanos());
			held.renew();
		});
		assertThat(waiter.tryAcquire(name, duration)).isEmpty();

		clock.set(Duration.ofMillis(11_500).toNanos());
		assertThat(held.isHeld()).as("renewed at 5 s, held until 15 s").isTrue();
		assertThat(waiter.tryAcquire(name, duration)).as("seen unchanged for 6.5 s only").isEmpty();
		clock.set(Duration.ofSeconds(15).toNanos());
		assertThat(held.isHeld()).isFalse();
		assertThat(waiter.tryAcquire(name, duration)).as("a full duration after the observation").isPresent();
	}
}

package io.dynamini.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.DynamoDbLocal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The change feed's lease with each consumer on a clock of its own (no clock is compared with another): a standby
 * takes over only after seeing the lease unchanged for a full duration on its clock, the old holder stops counting
 * itself the holder by then, and a checkpoint of the old holder can no longer overwrite the new holder's.
 */
class FeedLeaseIntegrationTests {

	static final DynamoDbClient client = DynamoDbLocal.client();

	static final String table = createTable();

	static final Duration DURATION = Duration.ofSeconds(10);

	static String createTable() {
		String name = DynamoDbLocal.uniqueTableName(FeedLeaseIntegrationTests.class);
		new DynaminiTableAdmin(client).createTable(name, TableCapacity.onDemand());
		return name;
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@Test
	void aStandbyTakesOverOnlyAfterAFullDurationOnItsOwnClockAndFencesTheOldHolder() {
		FeedStore store = new FeedStore(client, table, "fenced");
		AtomicLong clockA = new AtomicLong(5_000_000_000_000L);
		AtomicLong clockB = new AtomicLong(-42);
		FeedLease a = new FeedLease(store, DURATION, clockA::get);
		FeedLease b = new FeedLease(store, DURATION, clockB::get);

		assertThat(a.hold()).isTrue();
		assertThat(a.token()).isEqualTo(1);
		assertThat(store.checkpoint("shard-1", "100", false, a.token())).isTrue();

		assertThat(b.hold()).as("first sight of the lease").isFalse();
		clockB.addAndGet(DURATION.toNanos() - 1);
		assertThat(b.hold()).as("unchanged, but not yet for a full duration").isFalse();

		// A renews: B's observation starts again
		clockA.addAndGet(DURATION.toNanos() / 2);
		assertThat(a.hold()).isTrue();
		clockB.addAndGet(2);
		assertThat(b.hold()).as("the lease changed since B looked").isFalse();

		// A pauses (a GC pause, a partition): by A's own clock its lease ends after one duration
		clockA.addAndGet(DURATION.toNanos());
		assertThat(a.isValid()).isFalse();
		clockB.addAndGet(DURATION.toNanos());
		assertThat(b.hold()).isTrue();
		assertThat(b.token()).isEqualTo(2);
		assertThat(store.checkpoint("shard-1", "200", false, b.token())).isTrue();

		assertThat(a.hold()).as("A's renewal is refused: B holds the lease").isFalse();
		assertThat(store.checkpoint("shard-1", "150", false, 1)).as("A's late checkpoint cannot move B's back").isFalse();
		assertThat(store.checkpoints().get("shard-1").sequence()).isEqualTo("200");
	}

	@Test
	void aReleasedLeaseIsTakenAtOnceWithTheNextToken() {
		FeedStore store = new FeedStore(client, table, "released");
		AtomicLong clock = new AtomicLong();
		FeedLease a = new FeedLease(store, DURATION, clock::get);
		FeedLease b = new FeedLease(store, DURATION, clock::get);
		assertThat(a.hold()).isTrue();
		assertThat(b.hold()).isFalse();

		a.release();

		assertThat(b.hold()).isTrue();
		assertThat(b.token()).isEqualTo(2);
		assertThat(a.hold()).isFalse();
	}
}

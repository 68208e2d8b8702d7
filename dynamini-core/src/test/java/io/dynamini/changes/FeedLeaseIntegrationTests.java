package io.dynamini.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.TableCapacity;
import io.dynamini.lease.DynaminiLeases;
import io.dynamini.test.TestEngine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The change feed's group lease and checkpoints: one holder at a time, a released lease taken at once with a higher
 * token, and a checkpoint of an earlier holder never moving the newer holder's back. (Takeover after a full duration
 * on the standby's own clock is the lease's: {@code LeaseIntegrationTests}.)
 */
class FeedLeaseIntegrationTests {

	static final DynamoDbClient client = TestEngine.client();

	static final String table = createTable();

	static final Duration DURATION = Duration.ofSeconds(30);

	static String createTable() {
		String name = TestEngine.uniqueTableName(FeedLeaseIntegrationTests.class);
		new DynaminiTableAdmin(client).createTable(name, TableCapacity.onDemand());
		return name;
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@Test
	void oneHolderAtATimeAndAnEarlierHoldersCheckpointNeverMovesTheNewerOnesBack() {
		String group = "fenced-" + System.nanoTime();
		FeedStore store = new FeedStore(client, table, group);
		FeedLease a = new FeedLease(new DynaminiLeases(client, table, null), group, DURATION);
		FeedLease b = new FeedLease(new DynaminiLeases(client, table, null), group, DURATION);

		assertThat(a.hold()).isTrue();
		assertThat(b.hold()).as("a standby while A holds it").isFalse();
		long first = a.token();
		assertThat(store.checkpoint("shard-1", "100", false, first)).isTrue();

		a.release();
		assertThat(b.hold()).as("a released lease is taken at once").isTrue();
		assertThat(b.token()).isGreaterThan(first);
		assertThat(store.checkpoint("shard-1", "200", false, b.token())).isTrue();

		assertThat(a.hold()).as("A is now the standby").isFalse();
		assertThat(store.checkpoint("shard-1", "150", false, first)).as("A's late checkpoint cannot move B's back")
			.isFalse();
		assertThat(store.checkpoints().get("shard-1").sequence()).isEqualTo("200");
	}
}

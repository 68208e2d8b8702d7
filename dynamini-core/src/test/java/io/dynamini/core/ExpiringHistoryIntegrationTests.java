package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.SettableClock;
import io.dynamini.test.domain.Pass;
import io.dynamini.test.domain.Session;
import io.dynamini.test.domain.Ticket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.Revision;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code @ExpiresAt} where it meets history retention, skewed clocks and DynamoDB's TTL deletions (done by the test
 * as DynamoDB would, since the test engine runs none): leftovers of an expired predecessor never enter a successor's
 * history, a dropped revision TTL already deleted is no contention, a remembered pending list belongs to one history,
 * an expiry is refused at once whatever the clocks, deleting an expired entity does nothing, and instants beyond
 * epoch milliseconds mean "never". The table is audited at the end.
 */
class ExpiringHistoryIntegrationTests {

	static final RequestCounter requests = new RequestCounter();

	static final DynamoDbClient client = TestEngine.client(requests);

	static final String table = TestEngine.uniqueTableName(ExpiringHistoryIntegrationTests.class);

	static final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T10:00:00Z"));

	static final DynaminiTemplate template = template(clock);

	static DynaminiTemplate template(Clock clock) {
		DynaminiTableAdmin admin = new DynaminiTableAdmin(client);
		if (admin.describe(table).isEmpty()) {
			admin.createTable(table, TableCapacity.onDemand());
		}
		return DynaminiTemplate.builder().client(client).tableName(table).clock(clock).build();
	}

	/** A clock {@code offset} ahead of the test's clock. */
	static Clock ahead(Duration offset) {
		return Clock.offset(clock, offset);
	}

	@BeforeEach
	void resetCounter() {
		requests.reset();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	static String pk(String type, String id) {
		return ItemKeys.partitionKey("", type, id, "");
	}

	static Map<String, AttributeValue> key(String pk, String sk) {
		return Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(pk), TableLayout.SORT_KEY, AttributeValue.fromS(sk));
	}

	static Map<String, AttributeValue> latestItem(String type, String id) {
		return client.getItem(request -> request.tableName(table)
			.consistentRead(true)
			.key(key(pk(type, id), TableLayout.LATEST_SORT_KEY))).item();
	}

	static List<Map<String, AttributeValue>> revisionItems(String type, String id) {
		return client.query(request -> request.tableName(table)
			.consistentRead(true)
			.keyConditionExpression("pk = :pk AND begins_with(sk, :h)")
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk(type, id)), ":h", AttributeValue.fromS("H#"))))
			.items();
	}

	static void deleteLatestAsTimeToLiveWould(String type, String id) {
		HistoryAudit.deleteAsTimeToLiveWould(client, table, key(pk(type, id), TableLayout.LATEST_SORT_KEY));
	}

	static List<String> pending(String type, String id) {
		return latestItem(type, id).get(TableLayout.PENDING).l().stream().map(AttributeValue::s).toList();
	}

	static String ulidOfRevision(String type, String id, long revision) {
		return revisionItems(type, id).stream()
			.filter(item -> item.get(TableLayout.REVISION).n().equals(Long.toString(revision))
					&& item.get(TableLayout.SORT_KEY).s().compareTo("H#" + latestItem(type, id).get(TableLayout.GENERATION_START).s()) >= 0)
			.map(item -> item.get(TableLayout.SORT_KEY).s().substring(2))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void leftoversOfAnExpiredPredecessorNeverHideRevisionsOfItsSuccessorUnderATimeLimitedRetention() {
		String id = "pass-hide-" + System.nanoTime();
		Instant start = clock.instant();
		Pass old = template.insert(new Pass(id, null, "old 1", start.plus(Duration.ofMinutes(1))));
		for (int i = 2; i <= 5; i++) {
			clock.advance(Duration.ofSeconds(1));
			old = template.save(old.with("old " + i, start.plus(Duration.ofMinutes(1))));
		}
		clock.set(start.plus(Duration.ofMinutes(1)).plusSeconds(5));
		deleteLatestAsTimeToLiveWould("Pass", id);

		Pass fresh = template.insert(new Pass(id, null, "new 1", null));
		for (int i = 2; i <= 6; i++) {
			clock.advance(Duration.ofSeconds(1));
			fresh = template.save(fresh.with("new " + i, null));
		}
		// an hour after the leftovers were written, before the new revisions' hour has passed: the revision current at
		// the cutoff must be one of this history's, never the predecessor's revision 5
		clock.set(start.plus(Duration.ofHours(1)).plusSeconds(7));

		assertThat(template.findRevisions(Pass.class, id).getContent()).extracting(revision -> revision.getEntity().text())
			.containsExactly("new 1", "new 2", "new 3", "new 4", "new 5", "new 6");
		assertThat(template.findRevision(Pass.class, id, 1)).get()
			.extracting(revision -> revision.getEntity().text())
			.isEqualTo("new 1");
		assertThat(template.findByIdAsOf(Pass.class, id, start.plusSeconds(2))).as("the predecessor's instant").isEmpty();
	}

	@Test
	void leftoversWrittenByAClockAheadNeverEnterTheHistoryOfASuccessorCreatedBeforeTheirInstants() {
		String id = "pass-ahead-" + System.nanoTime();
		DynaminiTemplate aheadTemplate = template(ahead(Duration.ofSeconds(60)));
		Instant start = clock.instant();
		Pass old = aheadTemplate.insert(new Pass(id, null, "old 1", start.plus(Duration.ofHours(2))));
		for (int i = 2; i <= 4; i++) {
			old = aheadTemplate.save(old.with("old " + i, start.plus(Duration.ofHours(2))));
		}
		// the last revision expires the entity 5 s from now, by the test's clock (before its own instant, 60 s ahead)
		aheadTemplate.save(old.with("old 5", start.plusSeconds(5)));
		clock.set(start.plusSeconds(10));
		deleteLatestAsTimeToLiveWould("Pass", id);

		Pass fresh = template.insert(new Pass(id, null, "new 1", null));
		fresh = template.save(fresh.with("new 2", null));
		assertThat(latestItem("Pass", id).get(TableLayout.GENERATION_START).s())
			.as("the new history starts after every leftover")
			.isGreaterThan(revisionItems("Pass", id).stream()
				.filter(item -> item.containsKey(TableLayout.EXPIRES_AT))
				.map(item -> item.get(TableLayout.SORT_KEY).s().substring(2))
				.max(String::compareTo)
				.orElseThrow());

		assertThat(template.findRevisions(Pass.class, id).getContent()).extracting(revision -> revision.getEntity().text())
			.containsExactly("new 1", "new 2");
		assertThat(template.findRevision(Pass.class, id, 2)).get()
			.extracting(revision -> revision.getEntity().text())
			.isEqualTo("new 2");
		assertThat(template.findByIdAsOf(Pass.class, id, Instant.MAX)).get().extracting(Pass::text).isEqualTo("new 2");
		clock.advance(Duration.ofMinutes(5));
		assertThat(template.findChanges(Pass.class, id, 1, 2)).isNotEmpty();
	}

	@Test
	void aDroppedRevisionThatTtlAlreadyDeletedIsNoContentionAndTheEntityStaysWritable() {
		String id = "ticket-ttl-" + System.nanoTime();
		Instant start = clock.instant();
		Ticket ticket = template.insert(new Ticket(id, null, "1", start.plus(Duration.ofMinutes(10))));
		ticket = template.save(ticket.with("2", start.plus(Duration.ofDays(1))));
		ticket = template.save(ticket.with("3", start.plus(Duration.ofDays(1))));
		clock.advance(Duration.ofMinutes(11));
		// revision 1 expired with the expiry it was written with; DynamoDB deleted it before any write marked it
		String first = revisionItems("Ticket", id).get(0).get(TableLayout.SORT_KEY).s();
		HistoryAudit.deleteAsTimeToLiveWould(client, table, key(pk("Ticket", id), first));

		requests.reset();
		ticket = template.save(ticket.with("4", start.plus(Duration.ofDays(1))));
		assertThat(ticket.version()).isEqualTo(4);
		assertThat(requests.count("TransactWriteItems")).as("the same write again without the mark, at once")
			.isEqualTo(1);
		assertThat(requests.attempts()).isEqualTo(2);
		Ticket updated = template.update(Ticket.class, id, t -> t.with("5", start.plus(Duration.ofDays(1))));
		assertThat(updated.version()).isEqualTo(5);
		assertThat(template.findRevisions(Ticket.class, id).getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L, 4L, 5L);
		assertThat(pending("Ticket", id)).hasSize(3);
	}

	@Test
	void aRememberedPendingListBelongsToTheHistoryItWasWrittenForNotToItsVersionNumber() {
		String id = "ticket-memory-" + System.nanoTime();
		DynaminiTemplate a = template(clock);
		DynaminiTemplate b = template(clock);
		Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
		Ticket old = a.insert(new Ticket(id, null, "a1", expiry));
		old = a.save(old.with("a2", expiry));
		a.save(old.with("a3", expiry));
		clock.set(expiry.plusSeconds(1));
		deleteLatestAsTimeToLiveWould("Ticket", id);

		Ticket fresh = b.insert(new Ticket(id, null, "b1", null));
		fresh = b.save(fresh.with("b2", null));
		b.save(fresh.with("b3", null));
		// a remembers the predecessor's version 3 and its pending list; it saves a copy of the new entity's version 3
		Ticket copy = a.findById(Ticket.class, id).orElseThrow();
		// a second later: a's next ULID lies after b's newest, so only the pending list can tell the histories apart
		clock.advance(Duration.ofSeconds(1));
		a.save(copy.with("a4 on b's history", null));

		String newFirst = ulidOfRevision("Ticket", id, 1);
		assertThat(pending("Ticket", id)).as("the new history's unmarked tail")
			.containsExactly(ulidOfRevision("Ticket", id, 2), ulidOfRevision("Ticket", id, 3),
					ulidOfRevision("Ticket", id, 4));
		assertThat(client.getItem(request -> request.tableName(table).consistentRead(true)
			.key(key(pk("Ticket", id), "H#" + newFirst))).item())
			.as("the new history's revision 1, dropped, is marked").containsKey(TableLayout.TIME_TO_LIVE);
		assertThat(template.findRevisions(Ticket.class, id).getContent()).extracting(revision -> revision.getEntity().text())
			.containsExactly("b2", "b3", "a4 on b's history");
	}

	@Test
	void aSaveOfAnEntityThatExpiredAtTheNextRevisionsInstantIsRefusedAtOnceWhateverTheClocks() {
		String id = "session-skew-" + System.nanoTime();
		DynaminiTemplate aheadTemplate = template(ahead(Duration.ofSeconds(10)));
		Instant start = clock.instant();
		Session session = aheadTemplate.insert(new Session(id, null, "u", start.plus(Duration.ofHours(1))));
		// written at the ahead clock's instant (start + 10 s), expiring 5 s after start by the test's clock
		session = aheadTemplate.save(session.expiringAt(start.plusSeconds(5)));
		clock.advance(Duration.ofSeconds(1));
		assertThat(template.findById(Session.class, id)).as("not expired yet by this clock").isPresent();

		requests.reset();
		Session copy = session;
		assertThatThrownBy(() -> template.save(copy.expiringAt(null))).isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("it expired at " + start.plusSeconds(5));
		assertThat(requests.attempts()).as("refused once, then recognised: no retries as contention").isLessThanOrEqualTo(2);
		assertThatThrownBy(() -> template.update(Session.class, id, s -> s.expiringAt(null)))
			.isInstanceOf(EmptyResultDataAccessException.class);
		template.deleteById(Session.class, id);
		assertThat(latestItem("Session", id).get(TableLayout.VERSION).n()).isEqualTo("2");
	}

	@Test
	void deletingACopyOfAnExpiredEntityDoesNothing() {
		String id = "session-delete-" + System.nanoTime();
		Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
		Session session = template.insert(new Session(id, null, "u", expiry));
		clock.set(expiry);

		template.delete(session);
		template.delete(session.expiringAt(null));
		assertThat(latestItem("Session", id)).doesNotContainKey(TableLayout.DELETED);
		assertThat(latestItem("Session", id).get(TableLayout.VERSION).n()).as("nothing written").isEqualTo("1");
		assertThat(template.findById(Session.class, id)).isEmpty();
	}

	@Test
	void anExpiryBeyondEpochMillisecondsMeansNeverAndFinerValuesAreTruncatedToTheMillisecond() {
		String never = "session-never-" + System.nanoTime();
		Session forever = template.insert(new Session(never, null, "u", Instant.MAX));
		assertThat(latestItem("Session", never)).doesNotContainKeys(TableLayout.EXPIRES_AT, TableLayout.TIME_TO_LIVE);
		assertThat(forever.expiresAt()).isEqualTo(Instant.MAX);
		clock.advance(Duration.ofDays(365 * 1000));
		assertThat(template.findById(Session.class, never)).get().extracting(Session::expiresAt).isEqualTo(Instant.MAX);
		assertThat(template.findById(Session.class, never).orElseThrow().expiresAt()).isEqualTo(Instant.MAX);

		String fine = "session-fine-" + System.nanoTime();
		Instant expiry = clock.instant().plus(Duration.ofMinutes(1)).plusNanos(999_999);
		template.insert(new Session(fine, null, "u", expiry));
		assertThat(latestItem("Session", fine).get(TableLayout.EXPIRES_AT).n())
			.isEqualTo(Long.toString(expiry.toEpochMilli()));
		clock.set(Instant.ofEpochMilli(expiry.toEpochMilli()));
		assertThat(template.findById(Session.class, fine)).as("expired from the millisecond that holds the instant")
			.isEmpty();

		assertThatThrownBy(() -> template.insert(new Session("session-min-" + System.nanoTime(), null, "u", Instant.MIN)))
			.isInstanceOf(org.springframework.dao.InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("expiresAt")
			.hasMessageContaining("Session");
	}
}

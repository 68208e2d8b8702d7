package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.dynamini.core.transaction.DynaminiTransactionManager;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.SettableClock;
import io.dynamini.test.domain.Draft;
import io.dynamini.test.domain.Reading;
import io.dynamini.test.domain.Sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionSort;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * History retention against the engine: dropped revisions are invisible to every read at once (DynamoDB's TTL
 * deletes them days later), numbers keep counting, the current revision is never dropped, and every dropped revision
 * is marked with its expiry in the write that drops it - one request per save for a writer that knows the entity,
 * a bounded extra one now and then for writers that do not.
 */
class HistoryRetentionIntegrationTests {

	static final RequestCounter requests = new RequestCounter();

	static final DynamoDbClient client = TestEngine.client(requests);

	static final String table = TestEngine.uniqueTableName(HistoryRetentionIntegrationTests.class);

	static final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

	static final DynaminiTemplate template = createTemplate(HistoryRetention.FOREVER);

	static DynaminiTemplate createTemplate(HistoryRetention defaults) {
		DynaminiTableAdmin admin = new DynaminiTableAdmin(client);
		if (admin.describe(table).isEmpty()) {
			admin.createTable(table, TableCapacity.onDemand());
		}
		return DynaminiTemplate.builder().client(client).tableName(table).clock(clock).historyRetention(defaults).build();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	static Map<String, AttributeValue> item(String pk, String sk) {
		return client.getItem(request -> request.tableName(table)
			.consistentRead(true)
			.key(Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(pk), TableLayout.SORT_KEY,
					AttributeValue.fromS(sk))))
			.item();
	}

	static List<Map<String, AttributeValue>> revisionItems(String pk) {
		return client.query(request -> request.tableName(table)
			.consistentRead(true)
			.keyConditionExpression("pk = :pk AND begins_with(sk, :h)")
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":h", AttributeValue.fromS("H#"))))
			.items();
	}

	static long revisionOf(Map<String, AttributeValue> item) {
		return Long.parseLong(item.get(TableLayout.REVISION).n());
	}

	@Test
	void keepingThreeRevisionsHidesOlderOnesFromEveryReadAtOnceAndMarksThemInTheSaveThatDropsThem() {
		Draft draft = template.save(new Draft("keep-3", null, "v1"));
		List<Instant> instants = new ArrayList<>();
		instants.add(template.findLastChangeRevision(Draft.class, "keep-3").orElseThrow().getRequiredRevisionInstant());
		requests.reset();
		for (int i = 2; i <= 10; i++) {
			clock.advance(Duration.ofSeconds(1));
			draft = template.save(draft.withText("v" + i));
			instants.add(clock.instant());
		}
		assertThat(requests.snapshot()).as("one request per save, the marks included").isEqualTo(Map.of("TransactWriteItems", 9L));
		assertThat(requests.attempts()).isEqualTo(9);

		assertThat(template.findRevisions(Draft.class, "keep-3").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(8L, 9L, 10L);
		Page<Revision<Long, Draft>> page = template.findRevisions(Draft.class, "keep-3", PageRequest.of(0, 2));
		assertThat(page.getTotalElements()).as("the readable revisions").isEqualTo(3);
		assertThat(page.getContent()).extracting(Revision::getRequiredRevisionNumber).containsExactly(8L, 9L);
		Page<Revision<Long, Draft>> newest = template.findRevisions(Draft.class, "keep-3",
				PageRequest.of(1, 2, RevisionSort.desc()));
		assertThat(newest.getContent()).extracting(Revision::getRequiredRevisionNumber).containsExactly(8L);
		assertThat(template.findRevision(Draft.class, "keep-3", 7)).isEmpty();
		assertThat(template.findRevision(Draft.class, "keep-3", 8)).map(revision -> revision.getEntity().text())
			.contains("v8");
		assertThat(template.findByIdAsOf(Draft.class, "keep-3", instants.get(4))).as("revision 5's instant").isEmpty();
		assertThat(template.findByIdAsOf(Draft.class, "keep-3", instants.get(7))).map(Draft::text).contains("v8");
		assertThat(template.findChanges(Draft.class, "keep-3", 8, 9)).isNotEmpty();
		assertThatThrownBy(() -> template.findChanges(Draft.class, "keep-3", 7, 8))
			.isInstanceOf(EmptyResultDataAccessException.class)
			.hasMessageContaining("Revision 7 of Draft 'keep-3' is no longer readable")
			.hasMessageContaining("keepRevisions 3");

		String pk = ItemKeys.partitionKey("", "Draft", "keep-3", "");
		for (Map<String, AttributeValue> revision : revisionItems(pk)) {
			long number = revisionOf(revision);
			if (number <= 7) {
				assertThat(revision).as("revision %d is dropped", number).containsKey(TableLayout.TIME_TO_LIVE);
				// kept by count only: it expires when it was dropped, i.e. at the instant of revision number + 3
				assertThat(Long.parseLong(revision.get(TableLayout.TIME_TO_LIVE).n()))
					.isEqualTo(HistoryRetention.epochSecondsUp(instants.get((int) number + 2)));
			}
			else {
				assertThat(revision).as("revision %d is kept", number).doesNotContainKey(TableLayout.TIME_TO_LIVE);
			}
		}
		assertThat(item(pk, TableLayout.LATEST_SORT_KEY).get(TableLayout.PENDING).l()).hasSize(3);
	}

	@Test
	void revisionsStayReadableForTheirRetentionAfterTheyWereSupersededAndTheCurrentOneForever() {
		clock.set(clock.instant().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
		Instant t0 = clock.instant();
		Reading reading = template.save(new Reading("time", null, 1));
		clock.advance(Duration.ofMinutes(10));
		reading = template.save(reading.withValue(2));
		clock.advance(Duration.ofMinutes(10));
		reading = template.save(reading.withValue(3));
		clock.advance(Duration.ofMinutes(100));
		// revision 3 at t0+20m, now t0+2h: revision 1 was superseded at t0+10m, more than an hour ago; revision 2
		// too (t0+20m), but the newest 2 stay whatever their age
		assertThat(template.findRevisions(Reading.class, "time").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(2L, 3L);
		reading = template.save(reading.withValue(4));
		// revision 4 at t0+2h: revision 2 is now older than the newest 2 and was superseded more than an hour ago;
		// revision 3 was superseded just now and stays for an hour
		assertThat(template.findRevisions(Reading.class, "time").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L, 4L);
		clock.advance(Duration.ofMinutes(30));
		reading = template.save(reading.withValue(5));
		assertThat(template.findRevisions(Reading.class, "time").getContent())
			.as("revision 3: superseded 30 minutes ago")
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L, 4L, 5L);
		assertThat(template.findRevisions(Reading.class, "time", PageRequest.of(0, 10)).getTotalElements()).isEqualTo(3);
		assertThat(template.findByIdAsOf(Reading.class, "time", t0.plus(Duration.ofMinutes(30))))
			.as("the state at t0+30m was revision 3").map(Reading::value).contains(3);
		assertThat(template.findByIdAsOf(Reading.class, "time", t0.plus(Duration.ofMinutes(15))))
			.as("the state at t0+15m was revision 2, dropped").isEmpty();

		clock.advance(Duration.ofDays(1000));
		assertThat(template.findRevisions(Reading.class, "time").getContent())
			.as("the newest 2 are kept whatever their age")
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(4L, 5L);
		assertThat(template.findById(Reading.class, "time")).map(Reading::value).contains(5);
		assertThat(template.findByIdAsOf(Reading.class, "time", clock.instant())).map(Reading::value).contains(5);
		assertThat(template.findLastChangeRevision(Reading.class, "time")).map(Revision::getRequiredRevisionNumber)
			.contains(5L);

		String pk = ItemKeys.partitionKey("", "Reading", "time", "");
		Map<Long, Long> expiries = new TreeMap<>();
		for (Map<String, AttributeValue> revision : revisionItems(pk)) {
			AttributeValue ttl = revision.get(TableLayout.TIME_TO_LIVE);
			expiries.put(revisionOf(revision), ttl == null ? null : Long.parseLong(ttl.n()));
		}
		long start = t0.getEpochSecond();
		assertThat(t0.getNano()).as("the test's instants are whole seconds").isZero();
		// revision r expires an hour after revision r+1 superseded it, and not before it left the newest 2 (the
		// instant of r+2, when it is marked)
		assertThat(expiries).containsEntry(1L, start + 600 + 3600)
			.containsEntry(2L, start + 7200)
			.containsEntry(3L, start + 7200 + 3600);
		assertThat(expiries.get(4L)).isNull();
		assertThat(expiries.get(5L)).isNull();
	}

	@Test
	void writersThatDoNotKnowTheEntityAppendAndOneOfThemMarksABatchWhenTheListIsFull() {
		List<DynaminiTemplate> writers = List.of(createTemplate(HistoryRetention.FOREVER),
				createTemplate(HistoryRetention.FOREVER), createTemplate(HistoryRetention.FOREVER));
		Draft draft = writers.get(0).save(new Draft("blind", null, "v1"));
		requests.reset();
		int saves = 79;
		for (int i = 0; i < saves; i++) {
			clock.advance(Duration.ofMillis(5));
			// each save by another template than the previous one: none knows the pending list
			draft = writers.get((i + 1) % writers.size()).save(draft.withText("v" + (i + 2)));
		}
		assertThat(requests.snapshot()).as("completed calls").isEqualTo(Map.of("TransactWriteItems", (long) saves));
		assertThat(requests.attempts()).as("79 saves, one refused round each time the list reached its cap")
			.isBetween((long) saves + 2, (long) saves + 4);

		String pk = ItemKeys.partitionKey("", "Draft", "blind", "");
		List<AttributeValue> pending = item(pk, TableLayout.LATEST_SORT_KEY).get(TableLayout.PENDING).l();
		assertThat(pending.size()).isLessThanOrEqualTo(3 + HistoryRetention.PENDING_SLACK);
		long marked = revisionItems(pk).stream().filter(item -> item.containsKey(TableLayout.TIME_TO_LIVE)).count();
		assertThat(marked + pending.size()).as("every revision is marked or pending").isEqualTo(80);
		assertThat(template.findRevisions(Draft.class, "blind").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(78L, 79L, 80L);
	}

	@Test
	void writesInATransactionAppendAndTheNextWriteOnItsOwnThatKnowsTheListMarks() {
		TransactionTemplate transactions = new TransactionTemplate(new DynaminiTransactionManager(client));
		Draft first = template.save(new Draft("tx", null, "v1"));
		Draft[] latest = { first };
		for (int i = 2; i <= 6; i++) {
			int n = i;
			clock.advance(Duration.ofSeconds(1));
			latest[0] = transactions.execute(status -> template.save(latest[0].withText("v" + n)));
		}
		String pk = ItemKeys.partitionKey("", "Draft", "tx", "");
		assertThat(item(pk, TableLayout.LATEST_SORT_KEY).get(TableLayout.PENDING).l()).hasSize(6);
		assertThat(template.findRevisions(Draft.class, "tx").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(4L, 5L, 6L);
		clock.advance(Duration.ofSeconds(1));
		// update reads the latest item first, so it knows the pending list
		template.update(Draft.class, "tx", draft -> draft.withText("v7"));
		assertThat(item(pk, TableLayout.LATEST_SORT_KEY).get(TableLayout.PENDING).l()).hasSize(3);
		assertThat(revisionItems(pk).stream().filter(item -> item.containsKey(TableLayout.TIME_TO_LIVE)))
			.extracting(HistoryRetentionIntegrationTests::revisionOf)
			.containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
	}

	@Test
	void aTypeWithoutItsOwnRetentionTakesTheDefaultAndADeclaredOneReplacesIt() {
		DynaminiTemplate keepingTwo = createTemplate(new HistoryRetention(null, 2));
		Sample sample = keepingTwo.save(new Sample("default", null, 1));
		Draft draft = keepingTwo.save(new Draft("declared", null, "v1"));
		for (int i = 2; i <= 5; i++) {
			clock.advance(Duration.ofSeconds(1));
			sample = keepingTwo.save(sample.withValue(i));
			draft = keepingTwo.save(draft.withText("v" + i));
		}
		assertThat(keepingTwo.findRevisions(Sample.class, "default").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(4L, 5L);
		assertThat(keepingTwo.findRevisions(Draft.class, "declared").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L, 4L, 5L);
		assertThat(template.findRevisions(Sample.class, "default").getContent())
			.as("a template keeping everything sees everything not yet deleted")
			.hasSize(5);
	}

	@Test
	void aPurgedAndRecreatedEntityStartsANewPendingList() {
		Draft draft = template.save(new Draft("purged", null, "v1"));
		for (int i = 2; i <= 5; i++) {
			clock.advance(Duration.ofSeconds(1));
			draft = template.save(draft.withText("v" + i));
		}
		template.purge(Draft.class, "purged");
		String pk = ItemKeys.partitionKey("", "Draft", "purged", "");
		assertThat(item(pk, TableLayout.LATEST_SORT_KEY)).doesNotContainKey(TableLayout.PENDING);
		clock.advance(Duration.ofSeconds(1));
		Draft again = template.save(new Draft("purged", null, "again"));
		for (int i = 2; i <= 4; i++) {
			clock.advance(Duration.ofSeconds(1));
			again = template.save(again.withText("again " + i));
		}
		assertThat(template.findRevisions(Draft.class, "purged").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(8L, 9L, 10L);
		assertThat(item(pk, TableLayout.LATEST_SORT_KEY).get(TableLayout.PENDING).l()).hasSize(3);
	}

	@Test
	void concurrentWritersOfOneEntityKeepThePendingListTheExactUnmarkedTail() throws Exception {
		template.save(new Draft("contended", null, "0"));
		List<DynaminiTemplate> writers = List.of(createTemplate(HistoryRetention.FOREVER),
				createTemplate(HistoryRetention.FOREVER), createTemplate(HistoryRetention.FOREVER),
				createTemplate(HistoryRetention.FOREVER));
		ExecutorService pool = Executors.newFixedThreadPool(writers.size());
		try {
			List<Future<?>> done = new ArrayList<>();
			for (DynaminiTemplate writer : writers) {
				done.add(pool.submit(() -> {
					for (int i = 0; i < 25; i++) {
						clock.advance(Duration.ofMillis(3));
						if (i % 2 == 0) {
							writer.update(Draft.class, "contended", draft -> draft.withText(draft.text() + "+"));
						}
						else {
							// a save of a fresh copy: knows the list only if this writer wrote the previous revision
							Draft copy = writer.findById(Draft.class, "contended").orElseThrow();
							try {
								writer.save(copy.withText(copy.text() + "*"));
							}
							catch (OptimisticLockingFailureException stale) {
								// another writer was first: fine, the audit checks the table
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdown();
		}
		long version = template.findLastChangeRevision(Draft.class, "contended").orElseThrow().getRequiredRevisionNumber();
		assertThat(version).isGreaterThan(50);
		assertThat(template.findRevisions(Draft.class, "contended").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(version - 2, version - 1, version);
		String pk = ItemKeys.partitionKey("", "Draft", "contended", "");
		List<AttributeValue> pending = item(pk, TableLayout.LATEST_SORT_KEY).get(TableLayout.PENDING).l();
		long marked = revisionItems(pk).stream().filter(item -> item.containsKey(TableLayout.TIME_TO_LIVE)).count();
		assertThat(marked + pending.size()).as("every revision is marked or pending").isEqualTo(version);
		HistoryAudit.audit(table);
	}

	@Test
	void aSaveThatDropsARevisionIsStillOneRequestAndPaysOneTransactionalUpdateOfThatRevision() {
		// two small entities (every item well under 1 KB): one keeps everything, one its newest 3
		Sample plain = template.save(new Sample("capacity-plain", null, 0));
		Draft kept = template.save(new Draft("capacity-kept", null, "0"));
		for (int i = 1; i <= 3; i++) {
			clock.advance(Duration.ofSeconds(1));
			plain = template.save(plain.withValue(i));
			kept = template.save(kept.withText(Integer.toString(i)));
		}
		clock.advance(Duration.ofSeconds(1));
		requests.reset();
		template.save(plain.withValue(9));
		double plainUnits = requests.capacityUnits();
		long plainRequests = requests.attempts();
		requests.reset();
		template.save(kept.withText("9"));
		double keptUnits = requests.capacityUnits();

		assertThat(plainRequests).isEqualTo(1);
		assertThat(requests.attempts()).isEqualTo(1);
		// transactional writes cost 2 WCU per KB, index entries written included (DynamoDB's accounting; DynamoDB
		// Local, which this test ran on before, charged no index writes and reported 4 and 6): the latest item (2) and
		// its type-index entry (ALL projection, 2), the revision (2) and its rev-index entry (2); the mark adds 2 (its
		// TTL is not in the keys-only rev-index)
		assertThat(plainUnits).isEqualTo(8.0);
		assertThat(keptUnits).isEqualTo(plainUnits + 2.0);
	}
}

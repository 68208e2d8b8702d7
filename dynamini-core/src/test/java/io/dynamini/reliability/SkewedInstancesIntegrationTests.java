package io.dynamini.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.HistoryAudit.Chain;
import io.dynamini.test.HistoryAudit.StoredRevision;
import io.dynamini.test.WorstMoment;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Several application instances over one table whose clocks disagree by up to ten seconds (offsets -5 s ... +5 s),
 * with other writers run at the worst moment of a write: no acknowledged write is lost or stored twice, no
 * refused write is visible, every stale copy fails, and time travel keeps the definition of docs/design.md.
 */
class SkewedInstancesIntegrationTests {

	/** The skew bound: every instance's clock is within this of the true (system) clock. */
	static final Duration SKEW = Duration.ofSeconds(5);

	static final long[] OFFSETS_MILLIS = { -5000, -3500, -2000, -500, 500, 2000, 3500, 5000 };

	static final DynamoDbClient client = TestEngine.client();

	static final String table = TestEngine.uniqueTableName(SkewedInstancesIntegrationTests.class);

	static final List<DynaminiTemplate> instances = createInstances();

	static List<DynaminiTemplate> createInstances() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		List<DynaminiTemplate> list = new ArrayList<>();
		for (long offset : OFFSETS_MILLIS) {
			list.add(instance(client, offset));
		}
		return list;
	}

	static DynaminiTemplate instance(DynamoDbClient client, long offsetMillis) {
		return DynaminiTemplate.builder()
			.client(client)
			.tableName(table)
			.clock(Clock.offset(Clock.systemUTC(), Duration.ofMillis(offsetMillis)))
			.build();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	// ------------------------------------------------------------------------------ forced interleavings

	@Test
	void aSaveBehindTheNewestRevisionNeverTakesAnotherWritersRevisionForItsOwn() {
		String id = instance(client, 5000).save(new Note("ann", "v1")).getId();
		WorstMoment moment = new WorstMoment();
		try (DynamoDbClient intercepted = TestEngine.client(moment)) {
			DynaminiTemplate behind = instance(intercepted, -5000);
			DynaminiTemplate alsoBehind = instance(client, -5000);
			Note mine = behind.findById(Note.class, id).orElseThrow();
			Note theirs = alsoBehind.findById(Note.class, id).orElseThrow();
			mine.setText("mine");
			theirs.setText("theirs");
			// the first attempt fails (its clock is behind v1's millisecond); just before the second one, another
			// writer that is just as far behind bumps past v1 too
			moment.before("TransactWriteItems", 2, WorstMoment.run(() -> alsoBehind.save(theirs)));

			assertThatThrownBy(() -> behind.save(mine)).isInstanceOf(OptimisticLockingFailureException.class)
				.hasMessageContaining("Note '" + id + "'")
				.hasMessageContaining("at version 2");
		}
		assertThat(texts(id)).containsExactly("v1", "theirs");
		Note stale = instances.get(0).findById(Note.class, id).orElseThrow();
		stale.setVersion(2L);
		stale.setText("again");
		assertThat(instances.get(7).save(stale).getVersion()).isEqualTo(3L);
		assertThat(texts(id)).containsExactly("v1", "theirs", "again");
	}

	@Test
	void anUpdateWhoseReadIsOvertakenAppliesItsChangeToTheNewerState() {
		String id = instance(client, 5000).save(new Note("ann", "v1")).getId();
		WorstMoment moment = new WorstMoment();
		try (DynamoDbClient intercepted = TestEngine.client(moment)) {
			DynaminiTemplate outer = instance(intercepted, -5000);
			DynaminiTemplate inner = instance(client, -4000);
			moment.before("TransactWriteItems", 1, WorstMoment.run(() -> inner.update(Note.class, id, note -> {
				note.setText("inner");
				return note;
			})));

			Note result = outer.update(Note.class, id, note -> {
				note.setText(note.getText() + " > outer");
				return note;
			});

			assertThat(result.getVersion()).isEqualTo(3L);
			assertThat(result.getText()).isEqualTo("inner > outer");
		}
		assertThat(texts(id)).containsExactly("v1", "inner", "inner > outer");
	}

	@Test
	void eightSkewedInstancesSavingOneVersionLetExactlyOneWinPerRound() throws Exception {
		String id = instances.get(7).save(new Note("ann", "round 0")).getId();
		int rounds = 5;
		CyclicBarrier loaded = new CyclicBarrier(instances.size());
		CyclicBarrier saved = new CyclicBarrier(instances.size());
		Map<Integer, Set<String>> winners = new ConcurrentHashMap<>();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();

		ConcurrentWritersIntegrationTests.runConcurrently(instances.size(), () -> {
			int me = next.getAndIncrement();
			DynaminiTemplate instance = instances.get(me);
			for (int round = 1; round <= rounds; round++) {
				Note mine = instance.findById(Note.class, id).orElseThrow();
				loaded.await(1, TimeUnit.MINUTES);
				mine.setText("instance " + me + " round " + round);
				try {
					Note result = instance.save(mine);
					assertThat(result.getVersion()).isEqualTo(round + 1L);
					winners.computeIfAbsent(round, key -> ConcurrentHashMap.newKeySet()).add(mine.getText());
				}
				catch (OptimisticLockingFailureException lost) {
					refused.incrementAndGet();
				}
				saved.await(1, TimeUnit.MINUTES);
			}
			return null;
		});

		List<String> history = texts(id);
		assertThat(history).hasSize(rounds + 1);
		for (int round = 1; round <= rounds; round++) {
			assertThat(winners.get(round)).as("acknowledged saves of round %d", round).hasSize(1);
			assertThat(history.get(round)).isIn(winners.get(round));
		}
		assertThat(refused.get()).isEqualTo(rounds * (instances.size() - 1));
	}

	// ------------------------------------------------------------------------------ every operation, audited

	/** One call as its caller saw it; {@code version} is what an acknowledged write returned. */
	record Call(String id, String kind, String token, long calledAt, long returnedAt, boolean acknowledged,
			long copyVersion, long version) {
	}

	@Test
	void skewedInstancesRunningEveryOperationLoseNoAcknowledgedWriteAndShowNoRefusedOne() throws Exception {
		String[] ids = new String[6];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = "mixed-" + i + "-" + System.nanoTime();
			Note note = new Note("ann", "created " + i);
			note.setId(ids[i]);
			instances.get(i).save(note);
		}
		List<Call> calls = new CopyOnWriteArrayList<>();
		AtomicInteger next = new AtomicInteger();

		ConcurrentWritersIntegrationTests.runConcurrently(instances.size(), () -> {
			int me = next.getAndIncrement();
			DynaminiTemplate instance = instances.get(me);
			Random random = new Random(me * 7919L);
			for (int n = 0; n < 60; n++) {
				String id = ids[random.nextInt(ids.length)];
				String token = "instance " + me + " op " + n;
				String kind = List.of("save", "save", "update", "update", "delete", "restore", "insert", "saveNew")
					.get(random.nextInt(8));
				long calledAt = System.currentTimeMillis();
				long copyVersion = 0;
				try {
					long version = 0;
					switch (kind) {
						case "save" -> {
							Optional<Note> copy = instance.findById(Note.class, id);
							if (copy.isEmpty()) {
								continue;
							}
							copyVersion = copy.get().getVersion();
							copy.get().setText(token);
							version = instance.save(copy.get()).getVersion();
						}
						case "update" -> version = instance.update(Note.class, id, note -> {
							note.setText(token);
							return note;
						}).getVersion();
						case "delete" -> {
							Optional<Note> copy = instance.findById(Note.class, id);
							if (copy.isEmpty()) {
								continue;
							}
							copyVersion = copy.get().getVersion();
							instance.delete(copy.get());
						}
						case "restore" -> instance.restore(Note.class, id);
						default -> {
							Note fresh = new Note("ann", token);
							fresh.setId(id);
							version = (kind.equals("insert") ? instance.insert(fresh) : instance.save(fresh)).getVersion();
						}
					}
					calls.add(new Call(id, kind, token, calledAt, System.currentTimeMillis(), true, copyVersion, version));
				}
				catch (DataAccessException refused) {
					calls.add(new Call(id, kind, token, calledAt, System.currentTimeMillis(), false, copyVersion, 0));
				}
			}
			return null;
		});

		Map<String, Chain> chains = new HashMap<>();
		for (Chain chain : HistoryAudit.audit(table)) {
			chains.put(chain.pk(), chain);
		}
		int acknowledgedWrites = 0;
		for (String id : ids) {
			List<StoredRevision> revisions = chains.get("#Note#" + id).revisions();
			Map<String, List<StoredRevision>> byText = new HashMap<>();
			String previousType = "";
			for (StoredRevision revision : revisions) {
				// a DELETE carries the last live state and a restore (UPDATE after DELETE) brings it back: neither
				// is the write that created that state
				boolean restore = revision.type().equals("U") && previousType.equals("D");
				if (!revision.type().equals("D") && !restore) {
					byText.computeIfAbsent(revision.state().get("text").s(), key -> new ArrayList<>()).add(revision);
				}
				previousType = revision.type();
			}
			long deletes = 0;
			for (Call call : calls) {
				if (!call.id().equals(id) || call.kind().equals("restore")) {
					continue;
				}
				if (call.kind().equals("delete")) {
					deletes += call.acknowledged() ? 1 : 0;
					continue;
				}
				List<StoredRevision> found = byText.getOrDefault(call.token(), List.of());
				if (!call.acknowledged()) {
					assertThat(found).as("refused %s %s", call.kind(), call.token()).isEmpty();
					continue;
				}
				acknowledgedWrites++;
				assertThat(found).as("acknowledged %s %s", call.kind(), call.token()).hasSize(1);
				assertThat(found.get(0).revision()).as("revision of %s", call.token()).isEqualTo(call.version());
				if (call.kind().equals("save")) {
					assertThat(call.version()).as("a save of a copy at version %d", call.copyVersion())
						.isEqualTo(call.copyVersion() + 1);
				}
				StoredRevision revision = found.get(0);
				Instant instant = Instant.ofEpochMilli(com.github.f4b6a3.ulid.Ulid.getTime(revision.ulid()));
				// time as docs/design.md defines it: never before the call minus the skew, never later than the
				// return plus the skew plus one millisecond per revision of the entity
				assertThat(instant).as("instant of %s", call.token())
					.isAfterOrEqualTo(Instant.ofEpochMilli(call.calledAt()).minus(SKEW).minusMillis(1))
					.isBeforeOrEqualTo(Instant.ofEpochMilli(call.returnedAt()).plus(SKEW).plusMillis(revision.revision()));
			}
			assertThat(revisions.stream().filter(revision -> revision.type().equals("D")).count())
				.as("DELETE revisions of %s", id)
				.isEqualTo(deletes);
			everyRevisionIsReachableByItsInstant(id);
		}
		assertThat(acknowledgedWrites).as("acknowledged writes checked").isGreaterThan(100);
	}

	private static void everyRevisionIsReachableByItsInstant(String id) {
		DynaminiTemplate reader = instances.get(3);
		List<Revision<Long, Note>> history = reader.findRevisions(Note.class, id).getContent();
		Revision<Long, Note> previous = null;
		for (Revision<Long, Note> revision : history) {
			Instant instant = revision.getRequiredRevisionInstant();
			if (previous != null) {
				assertThat(instant).isAfter(previous.getRequiredRevisionInstant());
			}
			assertThat(reader.findByIdAsOf(Note.class, id, instant).map(Note::getVersion))
				.as("state of %s as of revision %d's instant", id, revision.getRequiredRevisionNumber())
				.isEqualTo(revision.getMetadata().getRevisionType() == RevisionType.DELETE ? Optional.empty()
						: Optional.of(revision.getRequiredRevisionNumber()));
			Optional<Long> before = reader.findByIdAsOf(Note.class, id, instant.minusMillis(1)).map(Note::getVersion);
			if (previous == null || previous.getMetadata().getRevisionType() == RevisionType.DELETE) {
				assertThat(before).isEmpty();
			}
			else {
				assertThat(before).contains(previous.getRequiredRevisionNumber());
			}
			previous = revision;
		}
	}

	private static List<String> texts(String id) {
		return instances.get(0)
			.findRevisions(Note.class, id)
			.getContent()
			.stream()
			.map(revision -> revision.getEntity().getText())
			.toList();
	}
}

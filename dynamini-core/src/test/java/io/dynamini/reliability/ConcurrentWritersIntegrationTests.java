package io.dynamini.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Many writers on few entities: no acknowledged write lost, none written twice, no unacknowledged write visible,
 * and every history one gap-free chain in the order the writes happened.
 */
class ConcurrentWritersIntegrationTests {

	static final DynamoDbClient client = TestEngine.clientBuilder()
		.httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder().maxConnections(64))
		.build();

	static final String table = TestEngine.uniqueTableName(ConcurrentWritersIntegrationTests.class);

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

	static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(pool.submit(task));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(5, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void sixteenThreadsIncrementingOneEntityLoseNoUpdate() throws Exception {
		String id = template.save(new Note("ann", "counter")).getId();

		runConcurrently(16, () -> {
			for (int i = 0; i < 50; i++) {
				template.update(Note.class, id, note -> {
					note.setCounter(note.getCounter() + 1);
					return note;
				});
			}
			return null;
		});

		assertThat(template.findById(Note.class, id)).get().extracting(Note::getCounter).isEqualTo(800L);
		List<Revision<Long, Note>> history = template.findRevisions(Note.class, id).getContent();
		assertThat(history).hasSize(801);
		for (int i = 0; i < history.size(); i++) {
			assertThat(history.get(i).getRequiredRevisionNumber()).isEqualTo(i + 1L);
			assertThat(history.get(i).getEntity().getCounter()).as("state of revision %d", i + 1).isEqualTo(i);
		}
	}

	@Test
	void concurrentSavesOfOneVersionLetExactlyOneWin() throws Exception {
		Note note = template.save(new Note("ann", "round 0"));
		String id = note.getId();
		int threads = 16;
		int rounds = 8;
		CyclicBarrier loaded = new CyclicBarrier(threads);
		CyclicBarrier saved = new CyclicBarrier(threads);
		Map<Integer, Set<String>> winners = new ConcurrentHashMap<>();
		AtomicInteger optimisticFailures = new AtomicInteger();
		AtomicInteger thread = new AtomicInteger();

		runConcurrently(threads, () -> {
			String me = "writer-" + thread.incrementAndGet();
			for (int round = 1; round <= rounds; round++) {
				Note mine = template.findById(Note.class, id).orElseThrow();
				loaded.await(1, TimeUnit.MINUTES);
				mine.setText(me + " round " + round);
				try {
					template.save(mine);
					winners.computeIfAbsent(round, key -> ConcurrentHashMap.newKeySet()).add(mine.getText());
				}
				catch (OptimisticLockingFailureException lost) {
					optimisticFailures.incrementAndGet();
				}
				saved.await(1, TimeUnit.MINUTES);
			}
			return null;
		});

		for (int round = 1; round <= rounds; round++) {
			assertThat(winners.get(round)).as("winners of round %d", round).hasSize(1);
		}
		assertThat(optimisticFailures.get()).isEqualTo(rounds * (threads - 1));
		List<Revision<Long, Note>> history = template.findRevisions(Note.class, id).getContent();
		assertThat(history).hasSize(rounds + 1);
		for (int round = 1; round <= rounds; round++) {
			assertThat(history.get(round).getEntity().getText()).isIn(winners.get(round));
		}
	}

	/** One operation's call and return, as a client saw it. */
	record Op(String entity, String kind, String token, long calledAt, long returnedAt, boolean acknowledged) {
	}

	@Test
	void randomConcurrentOperationsLeaveLinearizableHistories() throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Note note = new Note("ann", "init-" + i);
			note.setId("lin-" + i + "-" + System.nanoTime());
			ids.add(template.save(note).getId());
		}
		List<Op> log = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger tokens = new AtomicInteger();
		AtomicInteger seeds = new AtomicInteger();

		runConcurrently(8, () -> {
			Random random = new Random(42 + seeds.incrementAndGet());
			for (int i = 0; i < 60; i++) {
				String id = ids.get(random.nextInt(ids.size()));
				String token = "op-" + tokens.incrementAndGet();
				String kind = switch (random.nextInt(6)) {
					case 0, 1 -> "save";
					case 2, 3 -> "update";
					case 4 -> "delete";
					default -> "restore";
				};
				long calledAt = System.nanoTime();
				boolean acknowledged;
				try {
					acknowledged = Workload.apply(template, kind, id, token);
				}
				catch (OptimisticLockingFailureException | EmptyResultDataAccessException expected) {
					acknowledged = false;
				}
				catch (ConcurrencyFailureException gaveUp) {
					acknowledged = false;
				}
				log.add(new Op(id, kind, token, calledAt, System.nanoTime(), acknowledged));
			}
			return null;
		});

		for (String id : ids) {
			checkHistory(id, log.stream().filter(op -> op.entity().equals(id)).toList());
		}
	}

	private static void checkHistory(String id, List<Op> ops) {
		List<Revision<Long, Note>> history = template.findRevisions(Note.class, id).getContent();
		Map<String, Long> revisionOfToken = new HashMap<>();
		int deletes = 0;
		int restores = 0;
		for (int i = 1; i < history.size(); i++) {
			Revision<Long, Note> revision = history.get(i);
			RevisionType type = revision.getMetadata().getRevisionType();
			String text = revision.getEntity().getText();
			if (type == RevisionType.DELETE) {
				deletes++;
			}
			else if (history.get(i - 1).getMetadata().getRevisionType() == RevisionType.DELETE) {
				assertThat(type).as("%s revision %d after a delete", id, i + 1).isEqualTo(RevisionType.UPDATE);
				assertThat(text).as("a restore brings back the deleted state").isEqualTo(history.get(i - 1).getEntity().getText());
				restores++;
			}
			else {
				assertThat(revisionOfToken.put(text, revision.getRequiredRevisionNumber()))
					.as("%s: write %s appears once", id, text)
					.isNull();
			}
		}
		Set<String> acknowledgedTokens = new HashSet<>();
		for (Op op : ops) {
			if ((op.kind().equals("save") || op.kind().equals("update"))) {
				if (op.acknowledged()) {
					acknowledgedTokens.add(op.token());
					assertThat(revisionOfToken).as("%s: acknowledged %s is in the history", id, op.token())
						.containsKey(op.token());
				}
				else {
					assertThat(revisionOfToken).as("%s: failed %s is not", id, op.token()).doesNotContainKey(op.token());
				}
			}
		}
		assertThat(revisionOfToken.keySet()).as("%s: only acknowledged writes", id).isEqualTo(acknowledgedTokens);
		assertThat(deletes).as("%s: DELETE revisions", id)
			.isEqualTo(ops.stream().filter(op -> op.kind().equals("delete") && op.acknowledged()).count());
		// restore returns the live entity whether or not it wrote, so a client can only bound its writes: each
		// restore revision needs a restore call that returned the entity
		assertThat((long) restores).as("%s: restore revisions", id)
			.isLessThanOrEqualTo(ops.stream().filter(op -> op.kind().equals("restore") && op.acknowledged()).count());
		// real-time order: a write that returned before another was called has the lower revision
		List<Op> writes = ops.stream().filter(op -> op.acknowledged() && revisionOfToken.containsKey(op.token())).toList();
		for (Op first : writes) {
			for (Op second : writes) {
				if (first.returnedAt() < second.calledAt()) {
					assertThat(revisionOfToken.get(first.token())).as("%s: %s before %s", id, first.token(), second.token())
						.isLessThan(revisionOfToken.get(second.token()));
				}
			}
		}
	}

	@Test
	void purgeRacingWithSavesLeavesNoOrphansAndNoResurrection() throws Exception {
		for (int round = 0; round < 5; round++) {
			String id = "purge-race-" + round + "-" + System.nanoTime();
			Note note = new Note("ann", "v");
			note.setId(id);
			template.save(note);
			AtomicInteger writes = new AtomicInteger();
			List<Object> results = runConcurrently(5, () -> {
				int me = writes.incrementAndGet();
				if (me == 1) {
					Thread.sleep(5);
					template.purge(Note.class, id);
					return "purged";
				}
				for (int i = 0; i < 10; i++) {
					try {
						if (me == 2) {
							Note fresh = new Note("ann", "re-created");
							fresh.setId(id);
							template.insert(fresh);
						}
						else {
							template.update(Note.class, id, n -> {
								n.setCounter(n.getCounter() + 1);
								return n;
							});
						}
					}
					catch (DataAccessException expected) {
						// conflicts, "being purged", "no live entity": all fine
					}
				}
				return "wrote";
			});
			assertThat(results).contains("purged");
			Optional<Note> after = template.findById(Note.class, id);
			List<Revision<Long, Note>> history = template.findRevisions(Note.class, id).getContent();
			if (after.isEmpty()) {
				assertThat(history).as("nothing left after the purge").isEmpty();
			}
			else {
				assertThat(history.get(0).getEntity().getText()).as("only a re-creation after the purge")
					.isEqualTo("re-created");
				assertThat(history.get(history.size() - 1).getRequiredRevisionNumber())
					.isEqualTo(after.get().getVersion());
			}
		}
		HistoryAudit.audit(table);
	}
}

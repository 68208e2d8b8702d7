package io.dynamini.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.WorstMoment;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.Revision;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Purges that overlap other purges, re-creations and stale copies: a purge erases exactly the chain it marked,
 * nothing a re-created entity wrote, and no copy from before a purge is ever accepted again.
 */
class PurgeRaceIntegrationTests {

	static final RequestCounter counter = new RequestCounter();

	static final DynamoDbClient client = TestEngine.client(counter);

	static final String table = TestEngine.uniqueTableName(PurgeRaceIntegrationTests.class);

	static final DynaminiTemplate template = createTemplate();

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		return new DynaminiTemplate(client, table);
	}

	@AfterEach
	void audit() {
		HistoryAudit.audit(table);
	}

	@AfterAll
	static void close() {
		client.close();
	}

	static String saveWithHistory(String id, int revisions) {
		Note note = new Note("ann", "secret 1");
		note.setId(id);
		note = template.save(note);
		for (int i = 2; i <= revisions; i++) {
			note.setText("secret " + i);
			note = template.save(note);
		}
		return id;
	}

	/**
	 * A purge that stalls after marking (UpdateItem) or after reading a page of keys (Query) while another purge
	 * finishes and the entity is re-created must not touch the new entity.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "UpdateItem", "Query" })
	void aStalledPurgeNeverErasesTheEntityReCreatedAfterAnotherPurgeFinished(String stalledAfter) {
		String id = saveWithHistory("overlap-" + stalledAfter + "-" + System.nanoTime(), 4);
		WorstMoment moment = new WorstMoment();
		try (DynamoDbClient intercepted = TestEngine.client(moment)) {
			DynaminiTemplate straggler = new DynaminiTemplate(intercepted, table);
			moment.afterApplied(stalledAfter, 1, () -> {
				template.purge(Note.class, id);
				Note fresh = new Note("bob", "new life");
				fresh.setId(id);
				template.save(fresh);
				template.update(Note.class, id, note -> {
					note.setText("new life 2");
					return note;
				});
			});

			straggler.purge(Note.class, id);
		}

		assertThat(template.findById(Note.class, id)).get().extracting(Note::getText).isEqualTo("new life 2");
		assertThat(template.findRevisions(Note.class, id).getContent()).extracting(r -> r.getEntity().getText())
			.containsExactly("new life", "new life 2");
	}

	@Test
	void aCopyLoadedBeforeAPurgeIsNeverAcceptedAgain() {
		String id = "stale-" + System.nanoTime();
		Note note = new Note("ann", "personal data");
		note.setId(id);
		Note first = template.save(note);
		Note older = template.findById(Note.class, id).orElseThrow();
		first.setText("more personal data");
		Note newer = template.save(first);

		template.purge(Note.class, id);
		Note fresh = new Note("bob", "someone else");
		fresh.setId(id);
		Note recreated = template.save(fresh);

		assertThat(recreated.getVersion()).as("a purge takes a revision number; the new chain continues").isEqualTo(4L);
		for (Note stale : List.of(older, newer)) {
			assertThatThrownBy(() -> template.save(stale)).isInstanceOf(OptimisticLockingFailureException.class)
				.hasMessageContaining("at version " + stale.getVersion());
			assertThatThrownBy(() -> template.delete(stale)).isInstanceOf(OptimisticLockingFailureException.class);
		}
		template.purge(Note.class, id);
		assertThatThrownBy(() -> template.save(recreated)).isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("purged");
		assertThat(template.findById(Note.class, id)).isEmpty();
		assertThat(template.findRevisions(Note.class, id).getContent()).isEmpty();
		assertThat(template.findLastChangeRevision(Note.class, id)).isEmpty();
		assertThat(template.existsById(Note.class, id)).isFalse();
		assertThat(template.restore(Note.class, id)).isEmpty();
		assertThat(template.insert(fresh).getVersion()).isEqualTo(6L);
		assertThat(template.findRevisions(Note.class, id).getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(6L);
	}

	@Test
	void aPurgeErasesAHistoryLongerThanOneTransactionAndReadsOnlyStrongly() {
		String id = saveWithHistory("long-" + System.nanoTime(), 250);
		List<Boolean> consistency = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutionInterceptor queries = new ExecutionInterceptor() {
			@Override
			public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
				if (context.request() instanceof QueryRequest query) {
					consistency.add(Boolean.TRUE.equals(query.consistentRead()));
				}
			}
		};
		try (DynamoDbClient observed = TestEngine.client(queries, counter)) {
			DynaminiTemplate eventuallyConsistent = DynaminiTemplate.builder()
				.client(observed)
				.tableName(table)
				.consistentRead(false)
				.build();
			counter.reset();

			eventuallyConsistent.purge(Note.class, id);
		}

		assertThat(consistency).isNotEmpty().containsOnly(true);
		// mark, 3 pages of at most 99 revisions (a Query and a transaction each), the empty Query, the stub
		assertThat(counter.snapshot()).containsEntry("UpdateItem", 2L)
			.containsEntry("Query", 4L)
			.containsEntry("TransactWriteItems", 3L);
		assertThat(template.findRevisions(Note.class, id).getContent()).isEmpty();
	}

	@Test
	void concurrentPurgesSavesAndReCreationsLeaveEveryChainWhole() throws Exception {
		for (int round = 0; round < 4; round++) {
			String id = saveWithHistory("storm-" + round + "-" + System.nanoTime(), 3);
			AtomicInteger next = new AtomicInteger();
			ConcurrentWritersIntegrationTests.runConcurrently(6, () -> {
				int me = next.getAndIncrement();
				for (int i = 0; i < 8; i++) {
					try {
						if (me < 3) {
							template.purge(Note.class, id);
						}
						else if (me == 3) {
							Note fresh = new Note("ann", "re-created " + i);
							fresh.setId(id);
							template.save(fresh);
						}
						else {
							template.update(Note.class, id, note -> {
								note.setCounter(note.getCounter() + 1);
								return note;
							});
						}
					}
					catch (DataAccessException expected) {
						// being purged, no live entity, conflicts
					}
				}
				return null;
			});
			HistoryAudit.audit(table);
		}
	}

	@Test
	void aPurgeWhoseMarkMeetsATransactionInFlightWaitsForItAndErasesEverything() throws Exception {
		// the engine holds the save's items between its transaction's two phases, as DynamoDB holds items of an
		// in-flight transaction: the purge's mark (a plain UpdateItem) is refused with TransactionConflictException
		// meanwhile, which dynamini sends again rather than failing the purge (found by the soak run on the engine)
		Note note = template.save(new Note("held", "v1"));
		note.setText("v2");
		TestEngine.engine().faults().on("TransactWriteItems").table(table).times(1).holdTransaction(java.time.Duration.ofMillis(1500));
		java.util.concurrent.CompletableFuture<Note> save = java.util.concurrent.CompletableFuture.supplyAsync(() -> template.save(note));
		Thread.sleep(400);
		counter.reset();
		template.purge(Note.class, note.getId());
		assertThat(counter.attempts() - counter.total()).as("refused attempts: the mark met the held item").isPositive();

		assertThat(save.get().getVersion()).isEqualTo(2L);
		assertThat(template.findById(Note.class, note.getId())).isEmpty();
		assertThat(template.findRevisions(Note.class, note.getId()).getContent()).isEmpty();
	}
}

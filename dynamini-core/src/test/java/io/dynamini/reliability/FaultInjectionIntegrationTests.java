package io.dynamini.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.FaultInjector;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.WorstMoment;
import io.dynamini.test.domain.Draft;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Injected throttling and lost responses: every save is either whole or absent, and a retried save never writes
 * two revisions.
 */
class FaultInjectionIntegrationTests {

	static final FaultInjector faults = new FaultInjector();

	static final RequestCounter counter = new RequestCounter();

	static final DynamoDbClient client = TestEngine.clientBuilder(faults, counter)
		.overrideConfiguration(config -> config.addExecutionInterceptor(faults)
			.addExecutionInterceptor(counter)
			.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
				.toBuilder()
				.maxAttempts(3)
				.backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50)))
				.throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50)))
				.build()))
		.build();

	static final String table = TestEngine.uniqueTableName(FaultInjectionIntegrationTests.class);

	static final DynaminiTemplate template = createTemplate();

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		return new DynaminiTemplate(client, table);
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@BeforeEach
	void reset() {
		faults.reset();
		counter.reset();
	}

	@AfterEach
	void everyChainIsWhole() {
		faults.reset();
		HistoryAudit.audit(table);
	}

	@Test
	void throttledSaveSucceedsThroughTheRetries() {
		faults.throttle("TransactWriteItems", 2);

		Note saved = template.save(new Note("ann", "throttled"));

		assertThat(faults.injected()).isEqualTo(2);
		assertThat(counter.count("TransactWriteItems")).as("one call, three attempts").isEqualTo(1);
		assertThat(template.findRevisions(Note.class, saved.getId()).getContent()).hasSize(1);
	}

	@Test
	void throttlingBeyondTheRetriesFailsTransientlyAndWritesNothing() {
		Note note = template.save(new Note("ann", "v1"));
		faults.throttle("TransactWriteItems", 10);
		note.setText("v2");

		assertThatThrownBy(() -> template.save(note)).isInstanceOf(TransientDataAccessResourceException.class)
			.hasMessageContaining("Note '" + note.getId() + "'");

		faults.reset();
		assertThat(template.findById(Note.class, note.getId())).get().extracting(Note::getText).isEqualTo("v1");
		assertThat(template.findRevisions(Note.class, note.getId()).getContent()).hasSize(1);
	}

	@Test
	void throttledReadsAreRetried() {
		Note note = template.save(new Note("ann", "read me"));
		faults.throttle("GetItem", 2);
		assertThat(template.findById(Note.class, note.getId())).isPresent();
		assertThat(faults.injected()).isEqualTo(2);
	}

	@Test
	void aSaveWhoseResponseWasLostIsWrittenExactlyOnce() {
		faults.loseResponses("TransactWriteItems", 1);
		Note created = template.save(new Note("ann", "created once"));
		assertThat(faults.injected()).isEqualTo(1);
		assertThat(created.getVersion()).isEqualTo(1L);

		faults.loseResponses("TransactWriteItems", 2);
		created.setText("updated once");
		Note updated = template.save(created);
		assertThat(updated.getVersion()).isEqualTo(2L);

		faults.loseResponses("TransactWriteItems", 1);
		template.update(Note.class, created.getId(), n -> {
			n.setCounter(n.getCounter() + 1);
			return n;
		});
		faults.loseResponses("TransactWriteItems", 1);
		template.deleteById(Note.class, created.getId());
		faults.loseResponses("TransactWriteItems", 1);
		template.restore(Note.class, created.getId());

		assertThat(template.findRevisions(Note.class, created.getId()).getContent())
			.extracting(r -> r.getMetadata().getRevisionType().name())
			.containsExactly("INSERT", "UPDATE", "UPDATE", "DELETE", "UPDATE");
		assertThat(template.findById(Note.class, created.getId())).get().extracting(Note::getCounter).isEqualTo(1L);
	}

	@Test
	void aSaveThatMarksDroppedRevisionsAndWhoseResponseWasLostIsWrittenExactlyOnce() {
		// keep 3: from the fourth save on, every save also marks the revision it drops, in the same transaction
		Draft draft = template.save(new Draft("lost-marks-" + System.nanoTime(), null, "v1"));
		for (int i = 2; i <= 8; i++) {
			faults.loseResponses("TransactWriteItems", 1 + i % 2);
			draft = template.save(draft.withText("v" + i));
			assertThat(draft.version()).isEqualTo(i);
		}
		assertThat(template.findRevisions(Draft.class, draft.id()).getContent())
			.extracting(revision -> revision.getEntity().text())
			.containsExactly("v6", "v7", "v8");
		String pk = "#Draft#" + draft.id();
		long marked = client.query(request -> request.tableName(table)
			.consistentRead(true)
			.keyConditionExpression("pk = :pk AND begins_with(sk, :h)")
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":h", AttributeValue.fromS("H#"))))
			.items()
			.stream()
			.filter(item -> item.containsKey("x"))
			.count();
		assertThat(marked).as("revisions 1 to 5 dropped and marked").isEqualTo(5);
		// the audit after the class checks that the pending list is the history's unmarked tail
	}

	@Test
	void aTransactionWhoseCommitResponseWasLostIsCommittedExactlyOnce() {
		String prefix = "tx-lost-" + System.nanoTime();
		Note existing = new Note("ann", "v1");
		existing.setId(prefix + "-existing");
		Note stored = template.save(existing);
		faults.loseResponses("TransactWriteItems", 2);

		new org.springframework.transaction.support.TransactionTemplate(
				new io.dynamini.core.transaction.DynaminiTransactionManager(client))
			.executeWithoutResult(status -> {
				stored.setText("v2");
				template.save(stored);
				Note created = new Note("bob", "new");
				created.setId(prefix + "-new");
				template.save(created);
			});

		assertThat(faults.injected()).isEqualTo(2);
		assertThat(template.findRevisions(Note.class, stored.getId()).getContent()).hasSize(2);
		assertThat(template.findRevisions(Note.class, prefix + "-new").getContent()).hasSize(1);
		assertThat(template.findById(Note.class, stored.getId())).get().extracting(Note::getText).isEqualTo("v2");
	}

	@Test
	void lostResponsesBeyondTheRetriesFailButLeaveAWholeSave() {
		faults.loseResponses("TransactWriteItems", 10);
		Note note = new Note("ann", "maybe");
		note.setId("lost-" + System.nanoTime());

		assertThatThrownBy(() -> template.save(note)).isInstanceOf(DataAccessResourceFailureException.class);

		faults.reset();
		// the call timed out: the write may be there, but then whole (the audit checks the chain), never twice
		assertThat(template.findRevisions(Note.class, note.getId()).getContent()).hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void aTransactionCancelledForThrottlingIsSentAgainWithBackoff() {
		faults.cancelForThrottling(3);

		Note saved = template.save(new Note("ann", "throttled transaction"));

		assertThat(faults.injected()).isEqualTo(3);
		assertThat(template.findRevisions(Note.class, saved.getId()).getContent()).hasSize(1);
	}

	@Test
	void aTransactionCancelledForThrottlingTooOftenFailsAsTransientAndWritesNothing() {
		faults.cancelForThrottling(100);
		Note note = new Note("ann", "never");
		note.setId("throttled-" + System.nanoTime());

		assertThatThrownBy(() -> template.save(note)).isInstanceOf(TransientDataAccessResourceException.class)
			.hasMessageContaining("Note '" + note.getId() + "'")
			.hasMessageContaining("cancelled for throttling 6 times");
		faults.reset();
		assertThat(template.findById(Note.class, note.getId())).isEmpty();
	}

	@Test
	void aTransactionReportedInProgressIsResolvedWithoutApplyingTheChangeTwice() {
		Note note = template.save(new Note("ann", "counter"));
		faults.reportInProgress(2);

		Note updated = template.update(Note.class, note.getId(), n -> {
			n.setCounter(n.getCounter() + 1);
			return n;
		});

		assertThat(faults.injected()).isEqualTo(2);
		assertThat(updated.getCounter()).isEqualTo(1);
		assertThat(template.findRevisions(Note.class, note.getId()).getContent()).extracting(r -> r.getEntity().getCounter())
			.containsExactly(0L, 1L);
	}

	@Test
	void aWriteWhoseResponseWasLostAfterAnotherWriterFollowedItStillKnowsItsOwn() {
		Note note = template.save(new Note("ann", "v1"));
		note.setText("mine");
		WorstMoment moment = new WorstMoment();
		try (DynamoDbClient intercepted = TestEngine.client(moment)) {
			DynaminiTemplate writer = new DynaminiTemplate(intercepted, table);
			// the engine applied the save; before its response arrives another writer builds on it; the response is
			// lost and the SDK sends the save again, which now fails its condition
			moment.afterApplied("TransactWriteItems", 1, () -> {
				template.update(Note.class, note.getId(), n -> {
					n.setText(n.getText() + " > theirs");
					return n;
				});
				throw FaultInjector.lostResponse();
			});

			assertThat(writer.save(note).getVersion()).isEqualTo(2L);
		}
		assertThat(template.findRevisions(Note.class, note.getId()).getContent()).extracting(r -> r.getEntity().getText())
			.containsExactly("v1", "mine", "mine > theirs");
	}

	@Test
	void aTransactionWhoseResponseTheEngineLostIsRecognisedByItsToken() {
		// the engine applies the save's transaction and drops the connection; the SDK sends it again with the same
		// ClientRequestToken, which the engine, as DynamoDB, answers from the first attempt without a second write
		Note note = template.save(new Note("engine", "v1"));
		note.setText("v2");
		TestEngine.engine().faults().on("TransactWriteItems").table(table).times(1).loseResponse();
		counter.reset();
		Note saved = template.save(note);

		assertThat(saved.getVersion()).isEqualTo(2L);
		assertThat(counter.attempts()).as("the lost attempt and the retry").isEqualTo(2);
		assertThat(template.findRevisions(Note.class, note.getId()).getContent()).hasSize(2);
		assertThat(template.findById(Note.class, note.getId())).get().extracting(Note::getText).isEqualTo("v2");
	}
}

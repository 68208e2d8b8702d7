package io.dynamini.core.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.SettableClock;
import io.dynamini.test.domain.Draft;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.Session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.transaction.InvalidTimeoutException;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Many entities, one {@code TransactWriteItems}: all or nothing, one request at commit, conflicts named, rollback,
 * reads of the transaction's own writes, folding of two writes of one entity, and DynamoDB's limits checked before
 * any request. The table is audited at the end.
 */
class TransactionIntegrationTests {

	static final RequestCounter counter = new RequestCounter();

	static final DynamoDbClient client = TestEngine.client(counter);

	static final String table = TestEngine.uniqueTableName(TransactionIntegrationTests.class);

	static final DynaminiTemplate template = createTemplate();

	static final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));

	/** A template on the same table whose clock the test sets (expiry). */
	static final DynaminiTemplate clocked = DynaminiTemplate.builder().client(client).tableName(table).clock(clock).build();

	final TransactionTemplate transaction = new TransactionTemplate(new DynaminiTransactionManager(client));

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		return new DynaminiTemplate(client, table);
	}

	@BeforeEach
	void resetCounter() {
		counter.reset();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	static Note note(String id, String text) {
		Note note = new Note("tx", text);
		note.setId(id);
		return note;
	}

	@Test
	void fiftyEntitiesAreOneRequestAtCommit() {
		String prefix = "fifty-" + System.nanoTime();
		List<Note> saved = transaction.execute(status -> {
			List<Note> notes = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				notes.add(template.save(note(prefix + "-" + i, "n" + i)));
			}
			assertThat(counter.total()).as("nothing is sent before the commit").isZero();
			return notes;
		});

		assertThat(counter.snapshot()).isEqualTo(Map.of("TransactWriteItems", 1L));
		assertThat(saved).extracting(Note::getVersion).containsOnly(1L);
		for (int i = 0; i < 50; i++) {
			assertThat(template.findById(Note.class, prefix + "-" + i)).get().extracting(Note::getText).isEqualTo("n" + i);
		}
	}

	@Test
	void aConflictingTransactionWritesNothingAndNamesTheEntityAndVersions() {
		String prefix = "conflict-" + System.nanoTime();
		Note a = template.save(note(prefix + "-a", "a1"));
		Note b = template.save(note(prefix + "-b", "b1"));
		Note concurrent = template.findById(Note.class, b.getId()).orElseThrow();
		concurrent.setText("b2 by someone else");
		template.save(concurrent);
		counter.reset();

		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			a.setText("a2");
			template.save(a);
			b.setText("b2 stale");
			template.save(b);
			template.save(note(prefix + "-c", "c1"));
		})).isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("Note '" + prefix + "-b'")
			.hasMessageContaining("expected at version 1")
			.hasMessageContaining("at version 2")
			.hasMessageContaining("nothing was written");

		assertThat(counter.total()).as("no read to explain the conflict").isZero();
		assertThat(counter.attempts()).as("one request: the commit, cancelled").isEqualTo(1);
		assertThat(template.findById(Note.class, a.getId())).get().extracting(Note::getText, Note::getVersion)
			.containsExactly("a1", 1L);
		assertThat(template.findById(Note.class, prefix + "-c")).isEmpty();
	}

	@Test
	void rollbackDiscardsEveryBufferedWrite() {
		String prefix = "rollback-" + System.nanoTime();
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			template.save(note(prefix + "-1", "never"));
			throw new IllegalStateException("business rule failed");
		})).hasMessage("business rule failed");
		transaction.executeWithoutResult(status -> {
			template.save(note(prefix + "-2", "never either"));
			status.setRollbackOnly();
		});

		assertThat(counter.count("TransactWriteItems")).isZero();
		assertThat(template.findById(Note.class, prefix + "-1")).isEmpty();
		assertThat(template.findById(Note.class, prefix + "-2")).isEmpty();
	}

	@Test
	void readsByIdSeeTheTransactionsOwnWritesAndTwoWritesOfOneEntityFoldIntoOneRevision() {
		String prefix = "own-" + System.nanoTime();
		Note existing = template.save(note(prefix + "-x", "v1"));
		counter.reset();

		transaction.executeWithoutResult(status -> {
			Note created = template.save(note(prefix + "-new", "created"));
			assertThat(template.findById(Note.class, created.getId())).get().extracting(Note::getText)
				.isEqualTo("created");
			assertThat(template.existsById(Note.class, created.getId())).isTrue();

			existing.setText("v2");
			Note second = template.save(existing);
			assertThat(second.getVersion()).isEqualTo(2L);
			Note third = template.update(Note.class, existing.getId(), note -> {
				assertThat(note.getText()).as("update reads the transaction's write").isEqualTo("v2");
				note.setText("v2, then more");
				return note;
			});
			assertThat(third.getVersion()).as("folded: one revision per entity and transaction").isEqualTo(2L);
			List<Revision<Long, Note>> history = template.findRevisions(Note.class, existing.getId()).getContent();
			assertThat(history).extracting(Revision::getRequiredRevisionNumber).containsExactly(1L, 2L);
			assertThat(history.get(1).getEntity().getText()).isEqualTo("v2, then more");
			assertThat(template.findRevision(Note.class, existing.getId(), 2)).get()
				.extracting(revision -> revision.getEntity().getText())
				.isEqualTo("v2, then more");
			assertThat(template.findRevisions(Note.class, existing.getId(),
					org.springframework.data.domain.PageRequest.of(0, 1, org.springframework.data.history.RevisionSort.desc()))
				.getContent()).extracting(Revision::getRequiredRevisionNumber).containsExactly(2L);
			template.deleteById(Note.class, created.getId() + "-missing");
		});

		assertThat(counter.count("TransactWriteItems")).isEqualTo(1);
		List<Revision<Long, Note>> stored = template.findRevisions(Note.class, existing.getId()).getContent();
		assertThat(stored).extracting(Revision::getRequiredRevisionNumber).containsExactly(1L, 2L);
		assertThat(stored.get(1).getEntity().getText()).isEqualTo("v2, then more");
		assertThat(template.findById(Note.class, prefix + "-new")).get().extracting(Note::getVersion).isEqualTo(1L);
	}

	@Test
	void deleteAndRestoreReadTheLatestItemAndCommitTogether() {
		String prefix = "delete-" + System.nanoTime();
		template.save(note(prefix + "-a", "to delete"));
		template.save(note(prefix + "-b", "deleted before"));
		template.deleteById(Note.class, prefix + "-b");
		counter.reset();

		transaction.executeWithoutResult(status -> {
			template.deleteById(Note.class, prefix + "-a");
			assertThat(template.findById(Note.class, prefix + "-a")).isEmpty();
			assertThat(template.findById(Note.class, prefix + "-b")).as("deleted").isEmpty();
			assertThat(template.restore(Note.class, prefix + "-b")).isPresent();
		});

		assertThat(counter.snapshot()).as("each entity read once per transaction")
			.isEqualTo(Map.of("GetItem", 2L, "TransactWriteItems", 1L));
		assertThat(template.findLastChangeRevision(Note.class, prefix + "-a")).get()
			.extracting(revision -> revision.getMetadata().getRevisionType())
			.isEqualTo(RevisionType.DELETE);
		assertThat(template.findById(Note.class, prefix + "-b")).isPresent();
	}

	@Test
	void aStaleCopyWithinTheTransactionIsRefusedAtOnce() {
		String prefix = "stale-" + System.nanoTime();
		Note stored = template.save(note(prefix, "v1"));
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			Note copy = template.findById(Note.class, stored.getId()).orElseThrow();
			copy.setText("first");
			template.save(copy);
			stored.setText("stale: still at version 1");
			template.save(stored);
		})).isInstanceOf(OptimisticLockingFailureException.class).hasMessageContaining("at version 2");
		assertThat(template.findById(Note.class, stored.getId())).get().extracting(Note::getText).isEqualTo("v1");

		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			template.save(note(prefix + "-brand-new", "x"));
			template.deleteById(Note.class, prefix + "-brand-new");
		})).isInstanceOf(InvalidDataAccessApiUsageException.class).hasMessageContaining("one write of an item");
	}

	@Test
	void limitsAreCheckedAtTheWriteThatCrossesThemBeforeAnyRequest() {
		String prefix = "limits-" + System.nanoTime();
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			for (int i = 0; i < 51; i++) {
				template.save(note(prefix + "-" + i, "n"));
			}
		})).isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("at most 100 actions")
			.hasMessageContaining(prefix + "-50");

		String large = "x".repeat(180 * 1024);
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			for (int i = 0; i < 12; i++) {
				template.save(note(prefix + "-large-" + i, large));
			}
		})).isInstanceOf(InvalidDataAccessApiUsageException.class).hasMessageContaining("4 MB");

		assertThat(counter.count("TransactWriteItems")).isZero();
		assertThat(template.findById(Note.class, prefix + "-0")).isEmpty();
	}

	@Test
	void aLiveCheckIsAConditionOfTheCommitNotARead() {
		String prefix = "guard-" + System.nanoTime();
		template.save(note(prefix + "-parent", "parent"));
		counter.reset();

		transaction.executeWithoutResult(status -> {
			template.requireLive(Note.class, prefix + "-parent");
			template.save(note(prefix + "-child-1", "child"));
		});
		assertThat(counter.snapshot()).isEqualTo(Map.of("TransactWriteItems", 1L));
		assertThat(template.findById(Note.class, prefix + "-child-1")).isPresent();

		DynaminiTemplate elsewhere = new DynaminiTemplate(TestEngine.client(), table);
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			template.requireLive(Note.class, prefix + "-parent");
			template.save(note(prefix + "-child-2", "child"));
			// another instance deletes the parent before this transaction commits
			elsewhere.deleteById(Note.class, prefix + "-parent");
		})).isInstanceOf(EmptyResultDataAccessException.class)
			.hasMessageContaining("Note '" + prefix + "-parent' is no longer live")
			.hasMessageContaining("nothing was written");
		assertThat(template.findById(Note.class, prefix + "-child-2")).isEmpty();

		assertThatThrownBy(() -> template.requireLive(Note.class, prefix + "-parent"))
			.isInstanceOf(EmptyResultDataAccessException.class);
	}

	@Test
	void aLiveCheckOfAnEntityTheTransactionThenWritesIsDroppedForTheWritesOwnCondition() {
		String id = "guard-then-write-" + System.nanoTime();
		Note note = template.save(note(id, "v1"));
		transaction.executeWithoutResult(status -> {
			template.requireLive(Note.class, id);
			note.setText("v2");
			template.save(note);
		});
		assertThat(template.findById(Note.class, id)).get().extracting(Note::getText).isEqualTo("v2");
	}

	@Test
	void aNewEntitySavedOverADeletedOrPurgedOneContinuesItsHistoryAsOutsideATransaction() {
		String deleted = "over-deleted-" + System.nanoTime();
		template.save(note(deleted, "v1"));
		template.deleteById(Note.class, deleted);
		String purged = "over-purged-" + System.nanoTime();
		template.save(note(purged, "v1"));
		template.purge(Note.class, purged);
		counter.reset();

		List<Note> saved = transaction.execute(status -> List.of(template.save(note(deleted, "again")),
				template.save(note(purged, "again"))));

		assertThat(saved).extracting(Note::getVersion).as("numbers as the commit wrote them").containsExactly(3L, 3L);
		assertThat(template.findRevisions(Note.class, deleted).getContent())
			.extracting(revision -> revision.getMetadata().getRevisionType())
			.containsExactly(RevisionType.INSERT, RevisionType.DELETE, RevisionType.INSERT);
		assertThat(template.findRevisions(Note.class, purged).getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L);
		assertThat(template.findById(Note.class, deleted)).get().extracting(Note::getVersion).isEqualTo(3L);

		String live = "insert-over-live-" + System.nanoTime();
		template.save(note(live, "v1"));
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> template.insert(note(live, "duplicate"))))
			.isInstanceOf(DuplicateKeyException.class)
			.hasMessageContaining(live);
		assertThat(template.findById(Note.class, live)).get().extracting(Note::getText).isEqualTo("v1");
	}

	@Test
	void withinATransactionTheHistoryOfAReCreatedExpiredEntityIsTheNewOneOnly() {
		String id = "tx-expired-" + System.nanoTime();
		Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
		Session old = clocked.insert(new Session(id, null, "u", expiry));
		clocked.save(old.expiringAt(expiry));
		clock.set(expiry.plusSeconds(1));

		transaction.executeWithoutResult(status -> {
			Session again = clocked.save(new Session(id, null, "u", null));
			assertThat(again.version()).isEqualTo(3);
			assertThat(clocked.findRevisions(Session.class, id).getContent()).extracting(Revision::getRequiredRevisionNumber)
				.as("inside: what reads outside see after the commit")
				.containsExactly(3L);
			assertThat(clocked.findRevision(Session.class, id, 1)).isEmpty();
		});
		assertThat(clocked.findRevisions(Session.class, id).getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L);
	}

	@Test
	void existsByIdUsesTheTransactionsOwnReadAndAgreesWithFindById() {
		String id = "tx-exists-" + System.nanoTime();
		template.save(note(id, "v1"));
		DynaminiTemplate elsewhere = new DynaminiTemplate(TestEngine.client(), table);
		transaction.executeWithoutResult(status -> {
			assertThat(template.findById(Note.class, id)).isPresent();
			elsewhere.deleteById(Note.class, id);
			counter.reset();
			assertThat(template.existsById(Note.class, id)).as("as this transaction read it").isTrue();
			assertThat(counter.total()).as("no second read").isZero();
		});

		String expiring = "tx-exists-expiring-" + System.nanoTime();
		transaction.executeWithoutResult(status -> {
			clocked.save(new Session(expiring, null, "u", clock.instant().plusSeconds(30)));
			clock.advance(Duration.ofSeconds(31));
			assertThat(clocked.findById(Session.class, expiring)).isEmpty();
			assertThat(clocked.existsById(Session.class, expiring)).isFalse();
		});
	}

	@Test
	void aTimeoutIsRefusedAsTheJavadocSays() {
		TransactionTemplate withTimeout = new TransactionTemplate(new DynaminiTransactionManager(client));
		withTimeout.setTimeout(5);
		assertThatThrownBy(() -> withTimeout.executeWithoutResult(status -> template.save(note("timeout-" + System.nanoTime(), "x"))))
			.isInstanceOf(InvalidTimeoutException.class)
			.hasMessageContaining("timeout");
		DynaminiTransactionManager manager = new DynaminiTransactionManager(client);
		manager.setDefaultTimeout(5);
		assertThatThrownBy(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {
		})).isInstanceOf(InvalidTimeoutException.class);
	}

	@Test
	void anEntityWrittenOnlyInTransactionsHasItsDroppedRevisionsMarkedAndItsPendingListBounded() {
		String id = "tx-retention-" + System.nanoTime();
		transaction.executeWithoutResult(status -> template.save(new Draft(id, null, "0")));
		for (int i = 1; i < 60; i++) {
			String text = Integer.toString(i);
			// a copy each time: the transaction does not know the pending list until a refusal tells it
			transaction.executeWithoutResult(status -> {
				Draft copy = template.findById(Draft.class, id).orElseThrow();
				template.save(copy.withText(text));
			});
			Draft stale = template.findById(Draft.class, id).orElseThrow();
			transaction.executeWithoutResult(status -> template.save(stale.withText(text + "b")));
		}
		HistoryAudit.Chain chain = HistoryAudit.audit(table)
			.stream()
			.filter(audited -> audited.pk().endsWith("#Draft#" + id))
			.findFirst()
			.orElseThrow();
		assertThat(chain.latest().get("q").l()).as("bounded by keepRevisions + 20 (+ the newest)")
			.hasSizeLessThanOrEqualTo(24);
		assertThat(template.findRevisions(Draft.class, id).getContent()).hasSize(3);
		// the audit at the end checks that the list is the history's unmarked tail and the rest is marked in order
	}
}

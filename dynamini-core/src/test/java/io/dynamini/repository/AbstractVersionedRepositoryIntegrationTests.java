package io.dynamini.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.dynamini.core.ItemSizeLimitExceededException;
import io.dynamini.core.PropertyChange;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.SwitchableTenant;
import io.dynamini.test.domain.Address;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;
import io.dynamini.test.domain.Task;
import io.dynamini.test.domain.TaskRepository;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.data.history.RevisionSort;
import org.springframework.data.history.Revisions;

/**
 * The behaviour every way of obtaining a {@link VersionedRepository} must show, against a real DynamoDB engine.
 * Subclasses supply the repositories (plain Spring, Spring Boot, ...), all sharing one request counter and one
 * switchable tenant.
 */
public abstract class AbstractVersionedRepositoryIntegrationTests {

	protected abstract NoteRepository notes();

	protected abstract TaskRepository tasks();

	protected abstract RequestCounter counter();

	protected abstract SwitchableTenant tenant();

	/** Each test works in a tenant of its own, so tests never see each other's data. */
	@BeforeEach
	void useFreshTenant() {
		tenant().set("tenant-" + UUID.randomUUID());
		counter().reset();
	}

	@AfterEach
	void neverScans() {
		assertThat(counter().count("Scan")).as("Scan requests").isZero();
		tenant().reset();
	}

	// ------------------------------------------------------------------------------------------- CRUD

	@Test
	void saveOfNewEntityGeneratesUlidIdStartsAtVersionOneInOneRequest() {
		Note saved = notes().save(new Note("ann", "hello"));

		assertThat(saved.getId()).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
		assertThat(saved.getVersion()).isEqualTo(1L);
		assertThat(counter().snapshot()).isEqualTo(Map.of("TransactWriteItems", 1L));
		assertThat(notes().findById(saved.getId())).get().extracting(Note::getText).isEqualTo("hello");
	}

	@Test
	void findByIdIsOneGetItem() {
		Note saved = notes().save(new Note("ann", "hello"));
		counter().reset();

		assertThat(notes().findById(saved.getId())).isPresent();
		assertThat(notes().findById("missing")).isEmpty();
		assertThat(counter().snapshot()).isEqualTo(Map.of("GetItem", 2L));
	}

	@Test
	void recordsRoundTripWithGeneratedIdAndVersion() {
		Task saved = tasks().save(Task.of(null, "write tests"));

		assertThat(saved.id()).isNotNull();
		assertThat(saved.version()).isEqualTo(1L);
		Task updated = tasks().save(saved.withTitle("write more tests"));
		assertThat(updated.version()).isEqualTo(2L);
		assertThat(tasks().findById(saved.id())).contains(updated);
	}

	@Test
	void everySupportedValueTypeRoundTrips() {
		Note note = new Note("ann", "types");
		note.setCounter(42);
		note.setStatus(Note.Status.PUBLISHED);
		note.setCreatedAt(Instant.parse("2024-05-06T07:08:09.123456789Z"));
		note.setDue(LocalDate.of(2030, 1, 31));
		note.setReference(UUID.randomUUID());
		note.setPrice(new BigDecimal("12.50"));
		note.setTags(List.of("a", "b", "a"));
		note.setScores(Set.of(3, 1, 2));
		note.setAttributes(Map.of("n", 1L, "d", new BigDecimal("1.5"), "s", "x", "b", true, "list",
				List.of(1L, "two"), "map", Map.of("deep", Map.of("deeper", "yes"))));
		note.setAddress(new Address("Main St", "Springfield", 12345));
		note.setPreviousAddresses(List.of(new Address("Old Rd", "Shelbyville", 1)));
		note.setBlob(new byte[] { 0, 1, 2, (byte) 255 });
		note.setScratch("not stored");

		Note read = notes().findById(notes().save(note).getId()).orElseThrow();

		assertThat(read).usingRecursiveComparison()
			.ignoringFields("scratch", "price")
			.isEqualTo(note);
		assertThat(read.getPrice()).isEqualByComparingTo("12.5");
		assertThat(read.getScratch()).isNull();
	}

	@Test
	void existsAndCountAndFindAllSeeOnlyLiveEntitiesOfTheType() {
		Note first = notes().save(new Note("ann", "1"));
		Note second = notes().save(new Note("bob", "2"));
		Note third = notes().save(new Note("cid", "3"));
		tasks().save(Task.of("t1", "a task"));
		notes().deleteById(second.getId());
		counter().reset();

		assertThat(notes().findAll()).extracting(Note::getId).containsExactly(first.getId(), third.getId());
		assertThat(notes().count()).isEqualTo(2);
		assertThat(counter().snapshot()).isEqualTo(Map.of("Query", 2L));
		assertThat(notes().existsById(first.getId())).isTrue();
		assertThat(notes().existsById(second.getId())).isFalse();
		assertThat(tasks().count()).isEqualTo(1);
	}

	@Test
	void findAllByIdKeepsTheOrderOfTheIdsAndSkipsMissingAndDeleted() {
		Note a = notes().save(new Note("ann", "a"));
		Note b = notes().save(new Note("ann", "b"));
		Note c = notes().save(new Note("ann", "c"));
		notes().delete(b);
		counter().reset();

		List<Note> found = notes().findAllById(List.of(c.getId(), "missing", b.getId(), a.getId(), c.getId()));

		assertThat(found).extracting(Note::getText).containsExactly("c", "a");
		assertThat(counter().snapshot()).isEqualTo(Map.of("BatchGetItem", 1L));
	}

	// ------------------------------------------------------------------------------------ optimistic locking

	@Test
	void saveWithStaleVersionIsRejectedAndWritesNothing() {
		Note note = notes().save(new Note("ann", "v1"));
		Note stale = notes().findById(note.getId()).orElseThrow();
		note.setText("v2");
		notes().save(note);

		stale.setText("lost update");
		assertThatThrownBy(() -> notes().save(stale)).isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("Note '" + note.getId() + "'")
			.hasMessageContaining("version 1")
			.hasMessageContaining("version 2");

		assertThat(notes().findById(note.getId())).get().extracting(Note::getText).isEqualTo("v2");
		assertThat(notes().findRevisions(note.getId()).getContent()).hasSize(2);
		assertThat(stale.getVersion()).isEqualTo(1L);
	}

	@Test
	void savingNewEntityOverLiveIdIsRejected() {
		Note note = new Note("ann", "first");
		note.setId("fixed-id");
		notes().save(note);

		Note impostor = new Note("eve", "second");
		impostor.setId("fixed-id");
		assertThatThrownBy(() -> notes().save(impostor)).isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("Note 'fixed-id'");
		assertThatThrownBy(() -> notes().insert(impostor)).isInstanceOf(DuplicateKeyException.class)
			.hasMessageContaining("Note 'fixed-id'");
		assertThat(notes().findById("fixed-id")).get().extracting(Note::getText).isEqualTo("first");
		assertThat(notes().findRevisions("fixed-id").getContent()).hasSize(1);
	}

	@Test
	void saveOfUnknownEntityWithVersionIsRejected() {
		Note ghost = new Note("ann", "ghost");
		ghost.setId("never-saved");
		ghost.setVersion(3L);

		assertThatThrownBy(() -> notes().save(ghost)).isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("does not exist");
		assertThat(notes().findRevisions("never-saved").getContent()).isEmpty();
	}

	@Test
	void insertOverSoftDeletedEntityContinuesItsHistory() {
		Task task = tasks().insert(Task.of("t-1", "first life"));
		tasks().delete(task);

		Task again = tasks().insert(Task.of("t-1", "second life"));

		assertThat(again.version()).isEqualTo(3L);
		assertThat(tasks().findRevisions("t-1").getContent())
			.extracting(revision -> revision.getMetadata().getRevisionType())
			.containsExactly(RevisionType.INSERT, RevisionType.DELETE, RevisionType.INSERT);
	}

	@Test
	void concurrentUpdatesLoseNothing() throws Exception {
		Note note = new Note("ann", "counter");
		String id = notes().save(note).getId();
		String tenantName = tenant().currentTenant();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				futures.add(pool.submit(() -> {
					tenant().set(tenantName);
					for (int i = 0; i < 25; i++) {
						notes().update(id, current -> {
							current.setCounter(current.getCounter() + 1);
							return current;
						});
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}

		Note result = notes().findById(id).orElseThrow();
		assertThat(result.getCounter()).isEqualTo(200);
		assertThat(result.getVersion()).isEqualTo(201L);
		List<Revision<Long, Note>> history = notes().findRevisions(id).getContent();
		assertThat(history).hasSize(201);
		for (int i = 0; i < history.size(); i++) {
			Revision<Long, Note> revision = history.get(i);
			assertThat(revision.getRequiredRevisionNumber()).isEqualTo(i + 1L);
			assertThat(revision.getEntity().getCounter()).isEqualTo(i);
			if (i > 0) {
				assertThat(revision.getRequiredRevisionInstant())
					.isAfterOrEqualTo(history.get(i - 1).getRequiredRevisionInstant());
			}
		}
	}

	@Test
	void updateOfMissingOrDeletedEntityFails() {
		assertThatThrownBy(() -> notes().update("missing", note -> note))
			.isInstanceOf(EmptyResultDataAccessException.class)
			.hasMessageContaining("Note 'missing'");
		Note note = notes().save(new Note("ann", "x"));
		notes().delete(note);
		assertThatThrownBy(() -> notes().update(note.getId(), n -> n))
			.isInstanceOf(EmptyResultDataAccessException.class);
	}

	@Test
	void updateMustNotChangeTheId() {
		Note note = notes().save(new Note("ann", "x"));

		assertThatThrownBy(() -> notes().update(note.getId(), n -> {
			n.setId("other");
			return n;
		})).isInstanceOf(InvalidDataAccessApiUsageException.class);
		assertThat(notes().findById("other")).isEmpty();
		assertThat(notes().findById(note.getId())).get().extracting(Note::getVersion).isEqualTo(1L);
	}

	// ------------------------------------------------------------------------------------------ history

	@Test
	void historyOfThreeSavesListsEveryRevisionInOrder() {
		Note note = notes().save(new Note("ann", "one"));
		note.setText("two");
		notes().save(note);
		note.setText("three");
		notes().save(note);

		Revisions<Long, Note> revisions = notes().findRevisions(note.getId());

		assertThat(revisions.getContent()).extracting(r -> r.getEntity().getText())
			.containsExactly("one", "two", "three");
		assertThat(revisions.getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(1L, 2L, 3L);
		assertThat(revisions.getContent()).extracting(r -> r.getEntity().getVersion()).containsExactly(1L, 2L, 3L);
		assertThat(revisions.getContent()).extracting(r -> r.getMetadata().getRevisionType())
			.containsExactly(RevisionType.INSERT, RevisionType.UPDATE, RevisionType.UPDATE);
		assertThat(revisions.getLatestRevision().getEntity().getText()).isEqualTo("three");
		counter().reset();
		assertThat(notes().findRevision(note.getId(), 2L)).get()
			.extracting(r -> r.getEntity().getText())
			.isEqualTo("two");
		assertThat(notes().findRevision(note.getId(), 4L)).isEmpty();
		assertThat(counter().snapshot()).as("one Query each").isEqualTo(Map.of("Query", 2L));
		assertThat(notes().findLastChangeRevision(note.getId())).get()
			.extracting(Revision::getRequiredRevisionNumber)
			.isEqualTo(3L);
	}

	@Test
	void timeTravelReturnsTheStateCurrentAtEachInstant() throws Exception {
		Note note = notes().save(new Note("ann", "one"));
		Thread.sleep(5);
		note.setText("two");
		notes().save(note);
		Thread.sleep(5);
		note.setText("three");
		notes().save(note);
		List<Revision<Long, Note>> revisions = notes().findRevisions(note.getId()).getContent();
		Instant first = revisions.get(0).getRequiredRevisionInstant();
		Instant second = revisions.get(1).getRequiredRevisionInstant();
		Instant third = revisions.get(2).getRequiredRevisionInstant();
		counter().reset();

		assertThat(notes().findByIdAsOf(note.getId(), first.minusMillis(1))).isEmpty();
		assertThat(notes().findByIdAsOf(note.getId(), first)).get().extracting(Note::getText).isEqualTo("one");
		assertThat(notes().findByIdAsOf(note.getId(), second.minusMillis(1))).get()
			.extracting(Note::getText)
			.isEqualTo("one");
		assertThat(notes().findByIdAsOf(note.getId(), second)).get().extracting(Note::getVersion).isEqualTo(2L);
		assertThat(notes().findByIdAsOf(note.getId(), third.plusSeconds(60))).get()
			.extracting(Note::getText)
			.isEqualTo("three");
		assertThat(counter().snapshot()).isEqualTo(Map.of("Query", 5L));
	}

	@Test
	void revisionPagesReadOnlyThatPage() {
		Task task = tasks().save(Task.of("paged", "r1"));
		for (int i = 2; i <= 25; i++) {
			task = tasks().save(task.withTitle("r" + i));
		}
		counter().reset();

		Page<Revision<Long, Task>> first = tasks().findRevisions("paged", PageRequest.of(0, 10));
		assertThat(first.getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
		assertThat(first.getTotalElements()).isEqualTo(25);
		assertThat(counter().snapshot()).as("one Query: the latest item, then the oldest revisions")
			.isEqualTo(Map.of("Query", 1L));
		counter().reset();

		Page<Revision<Long, Task>> second = tasks().findRevisions("paged", PageRequest.of(1, 10));
		assertThat(second.getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
		assertThat(second.getTotalElements()).isEqualTo(25);
		assertThat(counter().snapshot()).as("keys from rev-index, items by key, the total")
			.isEqualTo(Map.of("Query", 1L, "BatchGetItem", 1L, "GetItem", 1L));

		Page<Revision<Long, Task>> last = tasks().findRevisions("paged", PageRequest.of(2, 10));
		assertThat(last.getContent()).extracting(r -> r.getEntity().title()).containsExactly("r21", "r22", "r23",
				"r24", "r25");
		assertThat(last.isLast()).isTrue();

		counter().reset();
		Page<Revision<Long, Task>> newest = tasks().findRevisions("paged",
				PageRequest.of(0, 3, RevisionSort.desc()));
		assertThat(counter().snapshot()).as("newest first: one Query, one GetItem for the total")
			.isEqualTo(Map.of("Query", 1L, "GetItem", 1L));
		assertThat(newest.getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(25L, 24L, 23L);
		assertThat(newest.getTotalPages()).isEqualTo(9);
		Page<Revision<Long, Task>> older = tasks().findRevisions("paged", PageRequest.of(1, 3, RevisionSort.desc()));
		assertThat(older.getContent()).extracting(Revision::getRequiredRevisionNumber).containsExactly(22L, 21L, 20L);
		assertThat(tasks().findRevisions("missing", PageRequest.of(0, 10)).getTotalElements()).isZero();
	}

	@Test
	void findChangesReportsEachChangedPathAcrossNestedMapsAndListsInAtMostTwoRequests() {
		Note note = new Note("ann", "first");
		note.setAddress(new Address("Main St 1", "Springfield", 12345));
		note.setTags(new java.util.ArrayList<>(List.of("a", "b", "c")));
		note.setAttributes(new java.util.LinkedHashMap<>(Map.of("size", 3, "meta", Map.of("color", "red", "x.y", 1))));
		note = notes().save(note);
		for (int i = 0; i < 30; i++) {
			note.setCounter(i);
			note = notes().save(note);
		}
		note.setText("second");
		note.setAddress(new Address("Main St 1", "Shelbyville", 12345));
		note.setTags(new java.util.ArrayList<>(List.of("a", "B")));
		note.setAttributes(new java.util.LinkedHashMap<>(Map.of("size", "large", "meta", Map.of("color", "red", "x.y", 2),
				"added", true)));
		note = notes().save(note);
		counter().reset();

		List<PropertyChange> changes = notes().findChanges(note.getId(), 1, note.getVersion());

		assertThat(counter().total()).as("requests, whatever the depth of history").isLessThanOrEqualTo(2);
		assertThat(changes).containsExactly(
				new PropertyChange("address.city", PropertyChange.Kind.CHANGED, "Springfield", "Shelbyville"),
				new PropertyChange("attributes.added", PropertyChange.Kind.ADDED, null, true),
				new PropertyChange("attributes.meta.x\\.y", PropertyChange.Kind.CHANGED, 1L, 2L),
				new PropertyChange("attributes.size", PropertyChange.Kind.CHANGED, 3L, "large"),
				new PropertyChange("counter", PropertyChange.Kind.CHANGED, 0L, 29L),
				new PropertyChange("tags[1]", PropertyChange.Kind.CHANGED, "b", "B"),
				new PropertyChange("tags[2]", PropertyChange.Kind.REMOVED, "c", null),
				new PropertyChange("text", PropertyChange.Kind.CHANGED, "first", "second"));
		assertThat(changes.get(2).segments()).containsExactly("attributes", "meta", "x.y");
		assertThat(changes.get(5).segments()).containsExactly("tags", 1);
		assertThat(notes().findChanges(note.getId(), 0, 1)).as("from before the first revision: all added")
			.allSatisfy(change -> assertThat(change.kind()).isEqualTo(PropertyChange.Kind.ADDED))
			.extracting(PropertyChange::path)
			.contains("text", "owner", "address");
		assertThat(notes().findChanges(note.getId(), 5, 5)).isEmpty();
		String id = note.getId();
		assertThatThrownBy(() -> notes().findChanges(id, 1, 99)).isInstanceOf(EmptyResultDataAccessException.class)
			.hasMessageContaining("Revision 99");
		assertThatThrownBy(() -> notes().findChanges(id, -1, 2)).isInstanceOf(InvalidDataAccessApiUsageException.class);
	}

	// ------------------------------------------------------------------------------- delete, restore, purge

	@Test
	void deleteIsSoftAndKeepsHistory() {
		Note note = notes().save(new Note("ann", "alive"));
		Instant whileAlive = notes().findLastChangeRevision(note.getId()).orElseThrow().getRequiredRevisionInstant();

		notes().delete(note);

		assertThat(notes().findById(note.getId())).isEmpty();
		assertThat(notes().existsById(note.getId())).isFalse();
		assertThat(notes().findAll()).isEmpty();
		assertThat(notes().count()).isZero();
		List<Revision<Long, Note>> history = notes().findRevisions(note.getId()).getContent();
		assertThat(history).extracting(r -> r.getMetadata().getRevisionType())
			.containsExactly(RevisionType.INSERT, RevisionType.DELETE);
		assertThat(history.get(1).getEntity().getText()).isEqualTo("alive");
		assertThat(notes().findByIdAsOf(note.getId(), whileAlive)).get().extracting(Note::getText).isEqualTo("alive");
		assertThat(notes().findByIdAsOf(note.getId(), Instant.now().plusSeconds(5))).isEmpty();
		assertThat(notes().findAllLatestRevisions()).singleElement()
			.satisfies(latest -> assertThat(latest.getMetadata().getRevisionType()).isEqualTo(RevisionType.DELETE));
	}

	@Test
	void deleteWithStaleVersionIsRejected() {
		Note note = notes().save(new Note("ann", "v1"));
		Note stale = notes().findById(note.getId()).orElseThrow();
		notes().save(note);

		assertThatThrownBy(() -> notes().delete(stale)).isInstanceOf(OptimisticLockingFailureException.class);
		assertThat(notes().existsById(note.getId())).isTrue();
	}

	@Test
	void deleteByIdOfMissingEntityIsIgnored() {
		notes().deleteById("missing");
		assertThat(notes().findRevisions("missing").getContent()).isEmpty();
	}

	@Test
	void restoreBringsBackTheLastLiveState() {
		Note note = notes().save(new Note("ann", "keep me"));
		notes().deleteById(note.getId());

		Note restored = notes().restore(note.getId()).orElseThrow();

		assertThat(restored.getText()).isEqualTo("keep me");
		assertThat(restored.getVersion()).isEqualTo(3L);
		assertThat(notes().findById(note.getId())).get().extracting(Note::getVersion).isEqualTo(3L);
		assertThat(notes().findAll()).extracting(Note::getId).containsExactly(note.getId());
		assertThat(notes().findRevisions(note.getId()).getContent()).extracting(r -> r.getMetadata().getRevisionType())
			.containsExactly(RevisionType.INSERT, RevisionType.DELETE, RevisionType.UPDATE);
		assertThat(notes().restore(note.getId())).get().extracting(Note::getVersion).isEqualTo(3L);
		assertThat(notes().restore("missing")).isEmpty();
	}

	@Test
	void purgeErasesTheEntityAndItsWholeHistory() {
		Task task = tasks().save(Task.of("erase-me", "secret"));
		for (int i = 0; i < 30; i++) {
			task = tasks().save(task.withTitle("secret " + i));
		}
		tasks().delete(task);
		Task beforePurge = task;

		tasks().purge("erase-me");

		assertThat(tasks().findById("erase-me")).isEmpty();
		assertThat(tasks().findRevisions("erase-me").getContent()).isEmpty();
		assertThat(tasks().findByIdAsOf("erase-me", Instant.now())).isEmpty();
		assertThat(tasks().findAllLatestRevisions()).isEmpty();
		assertThat(tasks().restore("erase-me")).isEmpty();
		// versions keep counting (31 saves, the delete, the purge), so no copy from before the purge matches
		assertThat(tasks().save(Task.of("erase-me", "fresh")).version()).isEqualTo(34L);
		assertThat(tasks().findRevisions("erase-me").getContent()).singleElement()
			.satisfies(revision -> assertThat(revision.getRequiredRevisionNumber()).isEqualTo(34L));
		assertThat(tasks().findRevision("erase-me", 1L)).isEmpty();
		assertThatThrownBy(() -> tasks().save(beforePurge.withTitle("resurrected secret")))
			.isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("task 'erase-me'");
		assertThat(tasks().findById("erase-me")).get().extracting(Task::title).isEqualTo("fresh");
	}

	// --------------------------------------------------------------------------------------- isolation

	@Test
	void entityTypesAndTenantsShareTheTableWithoutSeeingEachOther() {
		Note note = new Note("ann", "tenant a note");
		note.setId("same-id");
		notes().save(note);
		tasks().save(Task.of("same-id", "tenant a task"));
		String tenantA = tenant().currentTenant();

		tenant().set(tenantA + "-b");
		assertThat(notes().findById("same-id")).isEmpty();
		assertThat(notes().findAll()).isEmpty();
		assertThat(notes().count()).isZero();
		assertThat(notes().findRevisions("same-id").getContent()).isEmpty();
		notes().deleteById("same-id");
		notes().purge("same-id");
		assertThat(notes().restore("same-id")).isEmpty();
		Note other = new Note("bob", "tenant b note");
		other.setId("same-id");
		assertThat(notes().save(other).getVersion()).isEqualTo(1L);

		tenant().set(tenantA);
		assertThat(notes().findById("same-id")).get().extracting(Note::getText).isEqualTo("tenant a note");
		assertThat(tasks().findById("same-id")).get().extracting(Task::title).isEqualTo("tenant a task");
		assertThat(notes().findRevisions("same-id").getContent()).hasSize(1);
		assertThat(notes().count()).isEqualTo(1);
		assertThat(tasks().count()).isEqualTo(1);
	}

	@Test
	void delimitersInIdsAndTenantsCannotReachOtherRows() {
		String tenantA = tenant().currentTenant();
		List<String> ids = List.of("a", "a#b", "a%23b", "a%b", "#", "%", "a#Note#b", "emoji-\uD83D\uDE00", "ünï",
				"nul\u0000byte", "x".repeat(1000));
		for (String id : ids) {
			Note note = new Note("ann", "id=" + id);
			note.setId(id);
			notes().save(note);
		}
		for (String id : ids) {
			assertThat(notes().findById(id)).as(id).get().extracting(Note::getText).isEqualTo("id=" + id);
			assertThat(notes().findRevisions(id).getContent()).as(id).hasSize(1);
		}
		// a tenant named like tenant A's key prefix plus a type sees nothing of A
		for (String crafted : List.of(tenantA + "#Note", tenantA + "%23Note", tenantA + "#", "#" + tenantA)) {
			tenant().set(crafted);
			assertThat(notes().findAll()).as(crafted).isEmpty();
			for (String id : ids) {
				assertThat(notes().findById(id)).as(crafted + " / " + id).isEmpty();
			}
			assertThat(notes().findById("a#b")).isEmpty();
			assertThat(notes().findById("b")).isEmpty();
		}
		tenant().set(tenantA);
		assertThat(notes().count()).isEqualTo(ids.size());
	}

	@Test
	void emptyOrOverlongIdsGetAClearError() {
		Note empty = new Note("ann", "x");
		empty.setId("");
		assertThatThrownBy(() -> notes().save(empty)).isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("must not be empty");
		Note huge = new Note("ann", "x");
		huge.setId("\uD83D\uDE00".repeat(1024));
		assertThatThrownBy(() -> notes().save(huge)).isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("too long");
		assertThat(notes().count()).isZero();
	}

	@Test
	void oversizedEntityIsRejectedAndLeavesStoredStateUnchanged() {
		Note note = notes().save(new Note("ann", "small"));
		counter().reset();
		note.setText("x".repeat(410 * 1024));

		assertThatThrownBy(() -> notes().save(note)).isInstanceOf(ItemSizeLimitExceededException.class)
			.hasMessageContaining("Note '" + note.getId() + "'")
			.hasMessageContaining("400");
		assertThat(counter().total()).as("no request sent").isZero();
		assertThat(notes().findById(note.getId())).get().extracting(Note::getText).isEqualTo("small");
		assertThat(notes().findRevisions(note.getId()).getContent()).hasSize(1);
	}

	@Test
	void deleteAllSoftDeletesEveryLiveEntityOfTheTypeOnly() {
		notes().saveAll(List.of(new Note("a", "1"), new Note("b", "2")));
		tasks().save(Task.of("keep", "task"));

		notes().deleteAll();

		assertThat(notes().count()).isZero();
		assertThat(notes().findAllLatestRevisions()).hasSize(2)
			.allSatisfy(r -> assertThat(r.getMetadata().getRevisionType()).isEqualTo(RevisionType.DELETE));
		assertThat(tasks().count()).isEqualTo(1);
	}

	@Test
	void findAllLatestRevisionsListsLiveAndDeletedInCreationOrder() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(notes().save(new Note("ann", "n" + i)).getId());
		}
		notes().deleteById(ids.get(1));
		notes().deleteById(ids.get(3));

		List<Revision<Long, Note>> latest = notes().findAllLatestRevisions();

		assertThat(latest).extracting(r -> r.getEntity().getId()).containsExactlyElementsOf(ids);
		assertThat(latest).extracting(r -> r.getMetadata().getRevisionType())
			.containsExactly(RevisionType.INSERT, RevisionType.DELETE, RevisionType.INSERT, RevisionType.DELETE,
					RevisionType.INSERT);
		List<String> sorted = new ArrayList<>(ids);
		Collections.sort(sorted);
		assertThat(ids).isEqualTo(sorted);
	}
}

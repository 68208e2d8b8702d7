package io.dynamini.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.ItemSizeLimitExceededException;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.Wide;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionSort;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Items and pages at DynamoDB's limits: pages of history past 1 MB, items near 400 KB, instants at the ends of time.
 */
class LimitsIntegrationTests {

	static final RequestCounter counter = new RequestCounter();

	static final DynamoDbClient client = TestEngine.client(counter);

	static final String table = TestEngine.uniqueTableName(LimitsIntegrationTests.class);

	static final DynaminiTemplate template = createTemplate();

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		return new DynaminiTemplate(client, table);
	}

	@BeforeEach
	void reset() {
		counter.reset();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	@Test
	void pagesOfRevisionsLargerThanOneMegabyteAreNeverCut() {
		Note note = template.save(new Note("ann", "0".repeat(200_000)));
		for (int i = 1; i < 12; i++) {
			note.setText(Integer.toString(i % 10).repeat(200_000));
			note = template.save(note);
		}
		String id = note.getId();

		Page<Revision<Long, Note>> ascending = template.findRevisions(Note.class, id, PageRequest.of(0, 10));
		assertThat(ascending.getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
		assertThat(ascending.getTotalElements()).isEqualTo(12);

		Page<Revision<Long, Note>> descending = template.findRevisions(Note.class, id,
				PageRequest.of(0, 10, RevisionSort.desc()));
		assertThat(descending.getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L);
		assertThat(descending.getTotalElements()).isEqualTo(12);

		for (boolean desc : new boolean[] { false, true }) {
			List<Long> walked = new ArrayList<>();
			Pageable pageable = PageRequest.of(0, 5, desc ? RevisionSort.desc() : RevisionSort.asc());
			Page<Revision<Long, Note>> page;
			do {
				page = template.findRevisions(Note.class, id, pageable);
				page.forEach(revision -> walked.add(revision.getRequiredRevisionNumber()));
				pageable = page.nextPageable();
			}
			while (page.hasNext());
			assertThat(walked).as(desc ? "newest first" : "oldest first")
				.containsExactlyElementsOf(desc ? List.of(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L)
						: List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L));
		}
	}

	@Test
	void timeTravelAcceptsEveryInstant() {
		Note note = template.save(new Note("ann", "now"));

		assertThat(template.findByIdAsOf(Note.class, note.getId(), Instant.MAX)).get()
			.extracting(Note::getText)
			.isEqualTo("now");
		assertThat(template.findByIdAsOf(Note.class, note.getId(), Instant.parse("+10889-08-02T05:31:50.655Z")))
			.isPresent();
		assertThat(template.findByIdAsOf(Note.class, note.getId(), Instant.MIN)).isEmpty();
		assertThat(template.findByIdAsOf(Note.class, note.getId(), Instant.EPOCH)).isEmpty();
		assertThat(template.findByIdAsOf(Note.class, "missing", Instant.MAX)).isEmpty();
	}

	/** Its revision item fits; its latest item carries five 1.9 KB index key pairs more and does not. */
	@Test
	void anEntityWhoseLatestItemWouldExceed400KbIsRefusedBeforeAnyRequest() {
		String keyValue = "k".repeat(1_900);
		int body = 400 * 1024 - 5 * 1_901 - 5_000;

		assertThatThrownBy(() -> template.save(Wide.of("too-wide", keyValue, body)))
			.isInstanceOf(ItemSizeLimitExceededException.class)
			.hasMessageContaining("Wide 'too-wide'")
			.hasMessageContaining("latest item")
			.hasMessageContaining("nothing was written");
		assertThat(counter.total()).as("requests sent").isZero();
		assertThat(template.findById(Wide.class, "too-wide")).isEmpty();

		Wide fits = template.save(Wide.of("fits", keyValue, body - 12_000));
		assertThat(template.findById(Wide.class, "fits")).get().extracting(Wide::body).isEqualTo(fits.body());
		assertThatThrownBy(() -> template.save(new Wide("fits", fits.version(), fits.a(), fits.b(), fits.c(), fits.d(),
				fits.e(), fits.body() + "x".repeat(12_000))))
			.isInstanceOf(ItemSizeLimitExceededException.class);
	}
}

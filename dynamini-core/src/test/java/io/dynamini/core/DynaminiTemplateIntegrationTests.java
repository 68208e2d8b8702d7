package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.dynamini.annotation.VersionedEntity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.data.annotation.Id;
import org.springframework.data.history.Revision;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Template behaviour that needs more than one template on a table: skewed clocks, tenants, configuration errors.
 */
class DynaminiTemplateIntegrationTests {

	static final RequestCounter counter = new RequestCounter();

	static DynamoDbClient client;

	static String table;

	@BeforeAll
	static void createTable() {
		client = TestEngine.client(counter);
		table = TestEngine.uniqueTableName(DynaminiTemplateIntegrationTests.class);
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	static DynaminiTemplate templateWithClockOffset(Duration offset) {
		return DynaminiTemplate.builder()
			.client(client)
			.tableName(table)
			.clock(Clock.offset(Clock.systemUTC(), offset))
			.build();
	}

	@Test
	void writersWhoseClocksDisagreeStillProduceAHistoryInRevisionOrder() {
		DynaminiTemplate ahead = templateWithClockOffset(Duration.ofSeconds(5));
		DynaminiTemplate behind = templateWithClockOffset(Duration.ofSeconds(-5));
		Note note = ahead.save(new Note("ann", "0"));
		for (int i = 1; i <= 6; i++) {
			DynaminiTemplate writer = i % 2 == 0 ? ahead : behind;
			note.setText(Integer.toString(i));
			note = writer.save(note);
		}
		String id = note.getId();
		Note updated = behind.update(Note.class, id, n -> {
			n.setText("7");
			return n;
		});
		assertThat(updated.getVersion()).isEqualTo(8L);

		List<Revision<Long, Note>> history = behind.findRevisions(Note.class, id).getContent();
		assertThat(history).extracting(r -> r.getEntity().getText())
			.containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
		for (int i = 1; i < history.size(); i++) {
			assertThat(history.get(i).getRequiredRevisionInstant())
				.isAfterOrEqualTo(history.get(i - 1).getRequiredRevisionInstant());
		}
		// time travel stays well-defined: at each revision's instant, that revision (or a later one stamped the same
		// millisecond) is current, never an earlier one
		for (Revision<Long, Note> revision : history) {
			Note asOf = behind.findByIdAsOf(Note.class, id, revision.getRequiredRevisionInstant()).orElseThrow();
			assertThat(asOf.getVersion()).isGreaterThanOrEqualTo(revision.getRequiredRevisionNumber());
		}
	}

	@Test
	void tenantResolverThatReturnsNoTenantIsRejected() {
		DynaminiTemplate template = DynaminiTemplate.builder()
			.client(client)
			.tableName(table)
			.tenantResolver(() -> null)
			.build();
		assertThatThrownBy(() -> template.save(new Note("ann", "x")))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("TenantResolver");
	}

	@Test
	void classesThatAreNotVersionedEntitiesAreRejectedWithTheirName() {
		DynaminiTemplate template = new DynaminiTemplate(client, table);
		assertThatThrownBy(() -> template.save(new Unannotated("1")))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining(Unannotated.class.getName())
			.hasMessageContaining("@VersionedEntity");
		assertThatThrownBy(() -> template.save(new WithoutVersion("1")))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("@Version");
	}

	@Test
	void operationsOnAMissingTableFailWithTheEntityInTheMessage() {
		DynaminiTemplate template = new DynaminiTemplate(client, "no-such-table");
		assertThatThrownBy(() -> template.findById(Note.class, "42"))
			.isInstanceOf(InvalidDataAccessResourceUsageException.class)
			.hasMessageContaining("Note '42'");
	}

	@Test
	void readsAtTheEpochOrBeforeFindNothing() {
		DynaminiTemplate template = new DynaminiTemplate(client, table);
		Note note = template.save(new Note("ann", "x"));
		assertThat(template.findByIdAsOf(Note.class, note.getId(), Instant.EPOCH.minusSeconds(1))).isEmpty();
		assertThat(template.findByIdAsOf(Note.class, note.getId(), Instant.EPOCH)).isEmpty();
		assertThat(template.findByIdAsOf(Note.class, note.getId(),
				Instant.now(Clock.system(ZoneOffset.UTC)).plus(Duration.ofDays(365 * 1000)))).isPresent();
	}

	record Unannotated(@Id String id) {
	}

	@VersionedEntity
	record WithoutVersion(@Id String id) {
	}
}

package io.dynamini.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.ItemSizeLimitExceededException;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Input crafted to break keys or items: a clear error or a correct round trip, never a write into another entity's
 * or tenant's rows.
 */
class HostileInputIntegrationTests {

	static final DynamoDbClient client = TestEngine.client();

	static final String table = TestEngine.uniqueTableName(HostileInputIntegrationTests.class);

	static final DynaminiTemplate plain = createTemplate(null);

	static DynaminiTemplate createTemplate(String tenant) {
		if (tenant == null) {
			new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
			return new DynaminiTemplate(client, table);
		}
		return DynaminiTemplate.builder().client(client).tableName(table).tenantResolver(() -> tenant).build();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	@Test
	void idsWithDelimitersControlCharactersAndUnicodeRoundTrip() {
		List<String> ids = List.of("a|b", "a#b", "#", "%", "%23", "nul\u0000x", "tab\tnew\nline", "\uD83D\uDE00\uD83D\uDC4D",
				"\u05E9\u05DC\u05D5\u05DD", "x".repeat(1024), " ", "L", "A", "H#01ARZ3NDEKTSV4RRFFQ69G5FAV");
		for (String id : ids) {
			Note note = new Note("ann", "id=" + id);
			note.setId(id);
			plain.save(note);
		}
		for (String id : ids) {
			assertThat(plain.findById(Note.class, id)).as(id).get().extracting(Note::getText).isEqualTo("id=" + id);
			assertThat(plain.findRevisions(Note.class, id).getContent()).as(id).hasSize(1);
		}
	}

	@Test
	void tenantsNamedLikeAnotherTenantsKeysSeeNothingOfIt() {
		DynaminiTemplate victim = createTemplate("acme");
		Note secret = new Note("ann", "secret");
		secret.setId("id");
		victim.save(secret);
		for (String tenant : List.of("acme#Note", "acme#Note#id", "acme%23Note", "acme#", "#acme", "acm", "acme ",
				"ACME")) {
			DynaminiTemplate attacker = createTemplate(tenant);
			assertThat(attacker.findById(Note.class, "id")).as(tenant).isEmpty();
			assertThat(attacker.findById(Note.class, "Note#id")).as(tenant).isEmpty();
			assertThat(attacker.findAll(Note.class)).as(tenant).isEmpty();
			assertThat(attacker.findRevisions(Note.class, "id").getContent()).as(tenant).isEmpty();
			attacker.deleteById(Note.class, "id");
			attacker.purge(Note.class, "id");
		}
		assertThat(victim.findById(Note.class, "id")).get().extracting(Note::getText).isEqualTo("secret");
		assertThat(victim.findRevisions(Note.class, "id").getContent()).hasSize(1);
	}

	@Test
	void deeplyNestedValuesRoundTripOrFailClearlyWithoutWriting() {
		for (int depth : new int[] { 10, 29, 40 }) {
			Map<String, Object> value = new HashMap<>();
			Map<String, Object> inner = value;
			for (int i = 0; i < depth; i++) {
				Map<String, Object> next = new HashMap<>();
				inner.put("k", next);
				inner = next;
			}
			inner.put("leaf", "bottom");
			Note note = new Note("ann", "nested " + depth);
			note.setId("nested-" + depth);
			note.setAttributes(value);
			Throwable failure = catchThrowable(() -> plain.save(note));
			if (failure == null) {
				assertThat(plain.findById(Note.class, note.getId())).get()
					.extracting(Note::getAttributes)
					.isEqualTo(value);
			}
			else {
				assertThat(failure).as("depth %d", depth)
					.isInstanceOf(InvalidDataAccessApiUsageException.class)
					.hasMessageContaining("Note 'nested-" + depth + "'");
				assertThat(plain.findRevisions(Note.class, note.getId()).getContent()).isEmpty();
			}
			// DynamoDB allows 32 levels: the state map and the attributes map take two, 30 are left
			assertThat(depth <= 29 ? failure : null).as("depth %d", depth).isNull();
		}
	}

	@Test
	void oversizedEntitiesAreRejectedBeforeAnyRequest() {
		Note note = new Note("ann", "x".repeat(400 * 1024));
		assertThatThrownBy(() -> plain.save(note)).isInstanceOf(ItemSizeLimitExceededException.class);
		Note justFits = new Note("ann", "y".repeat(390 * 1024));
		Note saved = plain.save(justFits);
		assertThat(saved.getVersion()).isEqualTo(1L);
		saved.setText("z".repeat(390 * 1024));
		assertThat(plain.save(saved).getVersion()).isEqualTo(2L);
		assertThat(plain.findRevision(Note.class, saved.getId(), 1)).get()
			.extracting(r -> r.getEntity().getText().length())
			.isEqualTo(390 * 1024);
		Note many = new Note("ann", "many");
		Map<String, Object> attributes = new HashMap<>();
		for (int i = 0; i < 20_000; i++) {
			attributes.put("attribute-" + i, "value-" + i);
		}
		many.setAttributes(attributes);
		assertThatThrownBy(() -> plain.save(many)).isInstanceOf(ItemSizeLimitExceededException.class);
	}

	@Test
	void storedDataThatCannotBeReadIsADataAccessExceptionNamingTheEntity() {
		Note note = plain.save(new Note("ann", "fine"));
		String pk = "#Note#" + note.getId();
		client.updateItem(request -> request.tableName(table)
			.key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("A")))
			.updateExpression("SET d.#counter = :text")
			.expressionAttributeNames(Map.of("#counter", "counter"))
			.expressionAttributeValues(Map.of(":text", AttributeValue.fromS("not a number"))));
		assertThatThrownBy(() -> plain.findById(Note.class, note.getId()))
			.isInstanceOf(DataRetrievalFailureException.class)
			.hasMessageContaining("Note '" + note.getId() + "'");
		assertThatThrownBy(() -> plain.findAll(Note.class)).isInstanceOf(DataRetrievalFailureException.class)
			.hasMessageContaining(pk);

		String broken = "broken-head-" + System.nanoTime();
		client.putItem(request -> request.tableName(table)
			.item(Map.of("pk", AttributeValue.fromS("#Note#" + broken), "sk", AttributeValue.fromS("A"), "v",
					AttributeValue.fromN("1"), "h", AttributeValue.fromS("not-a-ulid"), "d",
					AttributeValue.fromM(Map.of()))));
		client.putItem(request -> request.tableName(table)
			.item(Map.of("pk", AttributeValue.fromS("#Note#" + broken), "sk", AttributeValue.fromS("H#not-a-ulid"),
					"r", AttributeValue.fromN("1"), "d", AttributeValue.fromM(Map.of()))));
		// (findById reads only the version, state and flags, so a broken head does not concern it)
		assertThat(plain.findById(Note.class, broken)).isPresent();
		for (Runnable read : List.<Runnable>of(() -> plain.findRevisions(Note.class, broken),
				() -> plain.findLastChangeRevision(Note.class, broken),
				() -> plain.update(Note.class, broken, n -> n))) {
			assertThatThrownBy(read::run).isInstanceOf(DataRetrievalFailureException.class)
				.hasMessageContaining("Note '" + broken + "'");
		}
		client.deleteItem(request -> request.tableName(table)
			.key(Map.of("pk", AttributeValue.fromS("#Note#" + broken), "sk", AttributeValue.fromS("A"))));
		client.deleteItem(request -> request.tableName(table)
			.key(Map.of("pk", AttributeValue.fromS("#Note#" + broken), "sk", AttributeValue.fromS("H#not-a-ulid"))));
		plain.purge(Note.class, note.getId());
	}
}

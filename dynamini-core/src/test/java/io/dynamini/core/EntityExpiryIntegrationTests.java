package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.transaction.DynaminiTransactionManager;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.SettableClock;
import io.dynamini.test.domain.Session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.history.Revision;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code @ExpiresAt} against the engine (with TTL deletion off: where the test needs one, it deletes
 * the item as DynamoDB would): from its instant on an entity reads as absent everywhere and refuses writes of its
 * copies; its items carry the TTL; a save moves or clears the expiry; a new entity under an expired id starts a new
 * history whose numbers continue, and leftovers of an expired predecessor never show.
 */
class EntityExpiryIntegrationTests {

	static final RequestCounter requests = new RequestCounter();

	static final DynamoDbClient client = TestEngine.client(requests);

	static final String table = TestEngine.uniqueTableName(EntityExpiryIntegrationTests.class);

	static final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));

	static final DynaminiTemplate template = createTemplate();

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		return DynaminiTemplate.builder().client(client).tableName(table).clock(clock).build();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
	}

	static Map<String, AttributeValue> latestItem(String id) {
		return client.getItem(request -> request.tableName(table)
			.consistentRead(true)
			.key(Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(ItemKeys.partitionKey("", "Session", id, "")),
					TableLayout.SORT_KEY, AttributeValue.fromS(TableLayout.LATEST_SORT_KEY))))
			.item();
	}

	static List<Map<String, AttributeValue>> revisionItems(String id) {
		return client.query(request -> request.tableName(table)
			.consistentRead(true)
			.keyConditionExpression("pk = :pk AND begins_with(sk, :h)")
			.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(ItemKeys.partitionKey("", "Session", id, "")),
					":h", AttributeValue.fromS("H#"))))
			.items();
	}

	DynaminiQuery byUser(String user) {
		return new DynaminiQuery(template.getMappingContext().getRequiredPersistentEntity(Session.class).getIndexes().get(0),
				user, null, List.of(), true);
	}

	@Test
	void fromItsInstantOnAnEntityReadsAsAbsentEverywhereAndItsItemsCarryTheTtl() {
		String user = "user-" + System.nanoTime();
		Instant expiry = clock.instant().plus(Duration.ofHours(1)).plusMillis(250);
		Session session = template.save(new Session("s-expiring", null, user, expiry));
		Session other = template.save(new Session("s-other-" + user, null, user, null));
		Instant written = clock.instant();
		session = template.save(session.expiringAt(expiry));
		assertThat(template.findById(Session.class, "s-expiring")).isPresent();
		assertThat(template.count(Session.class, byUser(user))).isEqualTo(2);

		clock.set(expiry.minusMillis(1));
		assertThat(template.existsById(Session.class, "s-expiring")).as("a millisecond before").isTrue();
		clock.set(expiry);
		assertThat(template.findById(Session.class, "s-expiring")).isEmpty();
		assertThat(template.existsById(Session.class, "s-expiring")).isFalse();
		assertThat(template.findAllById(Session.class, List.of("s-expiring", other.id()))).containsExactly(other);
		assertThat(template.findAll(Session.class)).doesNotContain(session).contains(other);
		assertThat(template.count(Session.class, byUser(user))).isEqualTo(1);
		assertThat(template.query(Session.class, byUser(user), null, 0, 10).content()).containsExactly(other);
		assertThat(template.stream(Session.class, byUser(user))).containsExactly(other);
		assertThat(template.findLatestRevisions(Session.class, byUser(user))).extracting(Revision::getEntity)
			.containsExactly(other);
		assertThat(template.findLastChangeRevision(Session.class, "s-expiring")).isEmpty();
		assertThat(template.findRevisions(Session.class, "s-expiring").getContent()).isEmpty();
		assertThat(template.findRevisions(Session.class, "s-expiring", PageRequest.of(0, 5)).getTotalElements()).isZero();
		assertThat(template.findRevision(Session.class, "s-expiring", 1)).isEmpty();
		assertThat(template.findByIdAsOf(Session.class, "s-expiring", written)).isEmpty();
		assertThatThrownBy(() -> template.findChanges(Session.class, "s-expiring", 1, 2))
			.isInstanceOf(EmptyResultDataAccessException.class);

		Session copy = session;
		assertThatThrownBy(() -> template.save(copy.expiringAt(null)))
			.isInstanceOf(OptimisticLockingFailureException.class)
			.hasMessageContaining("it expired at " + expiry);
		assertThatThrownBy(() -> template.update(Session.class, "s-expiring", s -> s.expiringAt(null)))
			.isInstanceOf(EmptyResultDataAccessException.class);
		assertThat(template.restore(Session.class, "s-expiring")).isEmpty();
		template.deleteById(Session.class, "s-expiring");
		TransactionTemplate transactions = new TransactionTemplate(new DynaminiTransactionManager(client));
		assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
			template.save(new Session("s-tx-" + user, null, user, null));
			template.requireLive(Session.class, "s-expiring");
		})).isInstanceOf(EmptyResultDataAccessException.class);

		Map<String, AttributeValue> latest = latestItem("s-expiring");
		long ttl = expiry.getEpochSecond() + 1;
		assertThat(latest.get(TableLayout.TIME_TO_LIVE).n()).isEqualTo(Long.toString(ttl));
		assertThat(latest.get(TableLayout.EXPIRES_AT).n()).isEqualTo(Long.toString(expiry.toEpochMilli()));
		assertThat(latest.get(TableLayout.VERSION).n()).as("nothing written after the expiry").isEqualTo("2");
		assertThat(revisionItems("s-expiring")).allSatisfy(
				item -> assertThat(item.get(TableLayout.TIME_TO_LIVE).n()).isEqualTo(Long.toString(ttl)));
	}

	@Test
	void aSaveMovesOrClearsTheExpiryAndEachRevisionLivesAsLongAsTheExpiryItWasWrittenWith() {
		Instant start = clock.instant();
		Session session = template.save(new Session("s-moving", null, "u", start.plus(Duration.ofMinutes(10))));
		clock.advance(Duration.ofMinutes(5));
		session = template.save(session.expiringAt(start.plus(Duration.ofMinutes(30))));
		clock.advance(Duration.ofMinutes(10));
		// revision 1 was written with the 10-minute expiry: gone; the entity lives on with revision 2
		assertThat(template.findById(Session.class, "s-moving")).map(Session::version).contains(2L);
		assertThat(template.findRevisions(Session.class, "s-moving").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(2L);
		assertThat(template.findByIdAsOf(Session.class, "s-moving", start)).as("revision 1, expired").isEmpty();
		assertThat(template.findRevision(Session.class, "s-moving", 1)).isEmpty();

		session = template.save(session.expiringAt(null));
		clock.advance(Duration.ofDays(365));
		assertThat(template.findById(Session.class, "s-moving")).map(Session::version).contains(3L);
		assertThat(latestItem("s-moving")).doesNotContainKeys(TableLayout.TIME_TO_LIVE, TableLayout.EXPIRES_AT);
		assertThat(template.findRevisions(Session.class, "s-moving").getContent())
			.as("revision 2 was written with an expiry that has passed; revision 3 with none")
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L);
		assertThat(template.findChanges(Session.class, "s-moving", 0, 3)).isNotEmpty();
	}

	@Test
	void aNewEntityUnderAnExpiredIdStartsANewHistoryAfterItsNumbers() {
		Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
		Session old = template.save(new Session("s-again", null, "u", expiry));
		old = template.save(old.expiringAt(expiry));
		clock.set(expiry.plusSeconds(1));

		requests.reset();
		Session again = template.insert(new Session("s-again", null, "u", null));
		assertThat(again.version()).as("numbers continue").isEqualTo(3);
		assertThat(requests.attempts())
			.as("the newest revision's key (a new history starts after any leftover), a put refused, the re-creation")
			.isEqualTo(3);
		assertThat(template.findRevisions(Session.class, "s-again").getContent())
			.extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(3L);
		assertThat(template.findRevisions(Session.class, "s-again", PageRequest.of(0, 10)).getTotalElements()).isEqualTo(1);
		assertThat(template.findById(Session.class, "s-again")).contains(again);
		Session stale = old;
		assertThatThrownBy(() -> template.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);
		assertThat(latestItem("s-again").get(TableLayout.BASE).n()).isEqualTo("2");
	}

	@Test
	void leftoversOfAnExpiredEntityWhoseLatestItemDynamoDbAlreadyDeletedNeverShow() {
		Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
		Session old = template.save(new Session("s-leftover", null, "u", expiry));
		Instant oldWrite = clock.instant();
		clock.advance(Duration.ofSeconds(1));
		template.save(old.expiringAt(expiry));
		clock.set(expiry.plusSeconds(5));
		// DynamoDB's TTL deletes items in no particular order: here the latest item went first
		client.deleteItem(request -> request.tableName(table)
			.key(Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(ItemKeys.partitionKey("", "Session", "s-leftover", "")),
					TableLayout.SORT_KEY, AttributeValue.fromS(TableLayout.LATEST_SORT_KEY))));

		Session fresh = template.save(new Session("s-leftover", null, "u", null));
		assertThat(fresh.version()).isEqualTo(1);
		clock.advance(Duration.ofSeconds(1));
		fresh = template.save(fresh.expiringAt(null));
		assertThat(template.findRevisions(Session.class, "s-leftover").getContent()).hasSize(2)
			.allSatisfy(revision -> assertThat(revision.getEntity().expiresAt()).isNull());
		assertThat(template.findRevision(Session.class, "s-leftover", 1)).hasValueSatisfying(
				revision -> assertThat(revision.getEntity().expiresAt()).as("the new entity's, not the leftover").isNull());
		assertThat(template.findByIdAsOf(Session.class, "s-leftover", oldWrite)).isEmpty();
		assertThat(revisionItems("s-leftover")).as("the leftovers are still stored").hasSize(4);
		// the table now holds two revisions numbered 1 and 2 each: the audit cannot check this partition's chain
		client.deleteItem(request -> request.tableName(table)
			.key(Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(ItemKeys.partitionKey("", "Session", "s-leftover", "")),
					TableLayout.SORT_KEY, revisionItems("s-leftover").get(0).get(TableLayout.SORT_KEY))));
		client.deleteItem(request -> request.tableName(table)
			.key(Map.of(TableLayout.PARTITION_KEY, AttributeValue.fromS(ItemKeys.partitionKey("", "Session", "s-leftover", "")),
					TableLayout.SORT_KEY, revisionItems("s-leftover").get(0).get(TableLayout.SORT_KEY))));
	}
}

package io.dynamini.core;

import static io.dynamini.core.ResolvedExpressions.resolve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.test.domain.Article;

import org.junit.jupiter.api.Test;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The two actions of a revision's transaction, checked without DynamoDB: the optimistic condition, what the latest
 * item gets, the revision item, the write token, and the size bound.
 */
class WriteRequestsUnitTests {

	final DynaminiMappingContext mappingContext = new DynaminiMappingContext();

	final DynaminiPersistentEntity<?> articles = mappingContext.getRequiredPersistentEntity(Article.class);

	final EntityTarget target = new EntityTarget(articles, "t1", "Article", "a1", "t1#Article#a1");

	final WriteRequests requests = new WriteRequests("table", new DynaminiEntityConverter(mappingContext));

	final Ulid ulid = Ulid.from("01HF0000000000000000000000");

	final Map<String, AttributeValue> state = Map.of("author", AttributeValue.fromS("ann"), "title",
			AttributeValue.fromS("On tables"));

	@Test
	void anUpdateIsConditionalOnVersionLaterMillisecondAndExpectedState() {
		Update update = requests.update(target, 3, WriteRequests.Expect.LIVE, 4, ulid, RevisionType.UPDATE)
			.state(state)
			.build("token-1", null, true)
			.update();

		assertThat(resolve(update.conditionExpression(), update.expressionAttributeNames(),
				update.expressionAttributeValues()))
			.isEqualTo("v = 3 AND h < '%s' AND attribute_not_exists(pg) AND attribute_not_exists(del) AND attribute_not_exists(e)"
				.formatted(RevisionUlids.floor(ulid)));
		assertThat(resolve(update.updateExpression(), update.expressionAttributeNames(), update.expressionAttributeValues()))
			.startsWith("SET v = 4, h = '%s', t = 'U', w = 'token-1', d = ".formatted(ulid))
			.endsWith("REMOVE a");
		Update authored = requests.update(target, 3, WriteRequests.Expect.LIVE, 4, ulid, RevisionType.UPDATE)
			.state(state)
			.build("token-1", "alice", true)
			.update();
		assertThat(resolve(authored.updateExpression(), authored.expressionAttributeNames(),
				authored.expressionAttributeValues())).endsWith(", a = 'alice'");
	}

	@Test
	void eachAttemptCarriesItsOwnTokenAndNothingElseChanges() {
		LatestUpdate update = requests.update(target, 3, WriteRequests.Expect.DELETED, 4, ulid,
				RevisionType.UPDATE).state(state).listed(null).indexed(state, null);

		Update first = update.build("token-1", null, true).update();
		Update second = update.build("token-2", null, true).update();

		assertThat(resolve(second.updateExpression(), second.expressionAttributeNames(), second.expressionAttributeValues()))
			.isEqualTo(resolve(first.updateExpression(), first.expressionAttributeNames(), first.expressionAttributeValues())
				.replace("token-1", "token-2"))
			.contains("tpk = 't1#Article'", "g1pk = 't1#Article#author#ann'", "REMOVE del, g2pk, g2sk, g3pk, g3sk, a");
		assertThat(resolve(first.conditionExpression(), first.expressionAttributeNames(), first.expressionAttributeValues()))
			.endsWith("attribute_exists(del)");
	}

	@Test
	void aNewEntityIsTwoPutsThatRequireNoItemWithTheirKey() {
		WriteRequests.LatestWrite latest = requests.newLatest(target, ulid, state, null);
		List<TransactWriteItem> actions = requests.transaction(target,
				new RevisionWriter.WritePlan(1, ulid, RevisionType.INSERT, state, latest), "token-1");

		assertThat(actions).hasSize(2);
		for (TransactWriteItem action : actions) {
			Put put = action.put();
			assertThat(resolve(put.conditionExpression(), put.expressionAttributeNames(), Map.of()))
				.isEqualTo("attribute_not_exists(pk)");
			assertThat(put.item().get("w").s()).isEqualTo("token-1");
		}
		Map<String, AttributeValue> revision = actions.get(1).put().item();
		assertThat(revision.get("sk").s()).isEqualTo("H#" + ulid);
		assertThat(revision.get("r").n()).isEqualTo("1");
		assertThat(actions.get(0).put().item().get("g1pk").s()).as("the author index").contains("ann");
	}

	@Test
	void anItemThatCouldExceed400KbIsRefusedBeforeAnyRequest() {
		Map<String, AttributeValue> large = Map.of("title", AttributeValue.fromS("x".repeat(400 * 1024)));
		WriteRequests.LatestWrite latest = requests.newLatest(target, ulid, large, null);

		assertThatThrownBy(() -> requests.transaction(target,
				new RevisionWriter.WritePlan(1, ulid, RevisionType.INSERT, large, latest), "token-1"))
			.isInstanceOf(ItemSizeLimitExceededException.class)
			.hasMessageContaining("Article 'a1'")
			.hasMessageContaining("nothing was written");
	}

	@Test
	void twoWritesOfOneEntityFoldIntoOneRevisionUnderTheFirstsCondition() {
		LatestUpdate first = requests.update(target, 3, WriteRequests.Expect.LIVE, 4, ulid,
				RevisionType.UPDATE).state(state).indexed(state, null);
		LatestUpdate second = requests.update(target, 4, WriteRequests.Expect.LIVE, 5,
				Ulid.from("01HF0000010000000000000000"), RevisionType.DELETE).markDeleted().indexedAsDeleted(state);

		Update folded = second.rebasedOn(first, RevisionType.DELETE).build("token-1", null, true).update();

		String condition = resolve(folded.conditionExpression(), folded.expressionAttributeNames(),
				folded.expressionAttributeValues());
		String update = resolve(folded.updateExpression(), folded.expressionAttributeNames(),
				folded.expressionAttributeValues());
		assertThat(condition).startsWith("v = 3 AND h < '%s'".formatted(RevisionUlids.floor(ulid)));
		assertThat(update).startsWith("SET v = 4, h = '%s', t = 'D', w = 'token-1'".formatted(ulid))
			.contains("d = ", "del = true", "tpk = 't1#Article#deleted'", "g1pk = 't1#Article#author#ann#deleted'");
	}
}

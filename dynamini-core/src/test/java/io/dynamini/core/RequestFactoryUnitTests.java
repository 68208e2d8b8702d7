package io.dynamini.core;

import static io.dynamini.core.ResolvedExpressions.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.test.domain.Article;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The requests that read and erase one entity's items, checked without DynamoDB: keys, conditions, consistency and
 * consumed capacity.
 */
class RequestFactoryUnitTests {

	final DynaminiPersistentEntity<?> articles = new DynaminiMappingContext().getRequiredPersistentEntity(Article.class);

	final EntityTarget target = new EntityTarget(articles, "t1", "Article", "a#1", "t1#Article#a%231");

	final RequestFactory eventual = new RequestFactory("table", false);

	@Test
	void entityReadsUseTheConfiguredConsistencyAndReportCapacity() {
		GetItemRequest latest = eventual.latest(target);
		assertThat(latest.tableName()).isEqualTo("table");
		assertThat(latest.key()).isEqualTo(Map.of("pk", AttributeValue.fromS("t1#Article#a%231"), "sk",
				AttributeValue.fromS("A")));
		assertThat(latest.consistentRead()).isFalse();
		for (QueryRequest query : List.of(eventual.history(target), eventual.newestRevisions(target, 5),
				eventual.partition(target, 5), eventual.asOf(target, 1000), eventual.revisionKeys(target, 1, 3))) {
			assertThat(query.consistentRead()).isFalse();
			assertThat(query.returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.TOTAL);
			assertThat(keyCondition(query)).startsWith("pk = 't1#Article#a%231'");
		}
		assertThat(new RequestFactory("table", true).latest(target).consistentRead()).isTrue();
	}

	@Test
	void pagesAndInstantsAreKeyConditionsOnTheSortKey() {
		assertThat(eventual.newestRevisions(target, 7).scanIndexForward()).isFalse();
		assertThat(eventual.newestRevisions(target, 7).limit()).isEqualTo(7);
		assertThat(eventual.partition(target, 7).limit()).as("the latest item and 7 revisions").isEqualTo(8);
		QueryRequest asOf = eventual.asOf(target, 1_700_000_000_000L);
		assertThat(keyCondition(asOf)).matches("pk = 't1#Article#a%231' AND sk BETWEEN 'H#' AND 'H#01HF\\w{6}Z{16}'");
		assertThat(asOf.limit()).isEqualTo(1);
		assertThat(asOf.scanIndexForward()).isFalse();
		QueryRequest keys = eventual.revisionKeys(target, 4, 9);
		assertThat(keys.indexName()).isEqualTo(TableLayout.REVISION_INDEX);
		assertThat(keyCondition(keys)).isEqualTo("pk = 't1#Article#a%231' AND r BETWEEN 4 AND 9");
		assertThat(keyCondition(eventual.history(target))).isEqualTo("pk = 't1#Article#a%231' AND begins_with(sk, 'H#')");
	}

	@Test
	void aPurgeReadsStronglyAndEveryStepIsConditionalOnItsToken() {
		UpdateItemRequest mark = eventual.purgeMark(target, "token-1");
		assertThat(resolve(mark.conditionExpression(), mark.expressionAttributeNames(), mark.expressionAttributeValues()))
			.isEqualTo("attribute_exists(pk) AND attribute_not_exists(pg) AND attribute_not_exists(e)");
		assertThat(resolve(mark.updateExpression(), mark.expressionAttributeNames(), mark.expressionAttributeValues()))
			.startsWith("SET pg = 'token-1', v = v + 1 REMOVE tpk, tsk")
			.contains("g1pk", "g1sk", "g2pk", "g3sk");

		QueryRequest keys = eventual.purgeKeys(target, 99);
		assertThat(keys.consistentRead()).as("even when reads are eventual").isTrue();
		assertThat(keys.limit()).isEqualTo(99);
		assertThat(resolve(keys.projectionExpression(), keys.expressionAttributeNames(), Map.of())).isEqualTo("pk, sk");

		List<TransactWriteItem> deletes = eventual.purgeDeletes(target, "token-1",
				List.of(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("H#1"))));
		assertThat(deletes).hasSize(2);
		ConditionCheck check = deletes.get(0).conditionCheck();
		assertThat(resolve(check.conditionExpression(), check.expressionAttributeNames(), check.expressionAttributeValues()))
			.isEqualTo("pg = 'token-1'");
		assertThat(deletes.get(1).delete().key().get("sk").s()).isEqualTo("H#1");

		UpdateItemRequest stub = eventual.purgeStub(target, "token-1");
		assertThat(resolve(stub.conditionExpression(), stub.expressionAttributeNames(), stub.expressionAttributeValues()))
			.isEqualTo("pg = 'token-1'");
		assertThat(resolve(stub.updateExpression(), stub.expressionAttributeNames(), stub.expressionAttributeValues()))
			.isEqualTo("SET e = true, b = v REMOVE pg, d, t, w, del, a, q, xe, x, gs");
	}

	@Test
	void aFlagsReadProjectsOnlyTheBookkeepingAttributes() {
		GetItemRequest flags = eventual.latestFlags(target);
		assertThat(resolve(flags.projectionExpression(), flags.expressionAttributeNames(), Map.of()))
			.isEqualTo("v, del, pg, e, b, xe, gs");
	}

	private static String keyCondition(QueryRequest query) {
		return resolve(query.keyConditionExpression(), query.expressionAttributeNames(), query.expressionAttributeValues());
	}
}

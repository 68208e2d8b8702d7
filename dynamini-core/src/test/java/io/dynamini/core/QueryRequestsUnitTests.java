package io.dynamini.core;

import static io.dynamini.core.ResolvedExpressions.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.IndexDefinition;
import io.dynamini.core.query.Criterion;
import io.dynamini.core.query.Criterion.Operator;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.test.domain.Article;

import org.junit.jupiter.api.Test;
import org.springframework.data.core.PropertyPath;

import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Index queries built without DynamoDB: the key condition on the planned index, filters on the state map, and the
 * exclusive bound that {@code BETWEEN} cannot express.
 */
class QueryRequestsUnitTests {

	final DynaminiMappingContext mappingContext = new DynaminiMappingContext();

	final DynaminiPersistentEntity<?> articles = mappingContext.getRequiredPersistentEntity(Article.class);

	final DynaminiEntityConverter converter = new DynaminiEntityConverter(mappingContext);

	@Test
	void aListingReadsTheTypeIndexPartitionOfTheTenant() {
		QueryRequests.Built all = QueryRequests.build("table", "t1", "Article", DynaminiQuery.all(false), converter);
		QueryRequest request = all.request().build();

		assertThat(request.indexName()).isEqualTo(TableLayout.TYPE_INDEX);
		assertThat(resolve(request.keyConditionExpression(), request.expressionAttributeNames(),
				request.expressionAttributeValues()))
			.isEqualTo("tpk = 't1#Article'");
		assertThat(request.scanIndexForward()).isFalse();
		assertThat(request.filterExpression()).isNull();
		assertThat(all.indexKeys()).containsExactly("tpk", "tsk");
	}

	@Test
	void anExclusiveUpperBoundIsAnInclusiveKeyConditionAndAFilterOnTheState() {
		IndexDefinition byAuthor = articles.getIndexes().get(0);
		Instant bound = Instant.parse("2026-01-01T00:00:00Z");
		DynaminiQuery query = new DynaminiQuery(byAuthor, "ann",
				Criterion.of(PropertyPath.from("publishedAt", Article.class), Operator.LT, bound),
				List.of(Criterion.of(PropertyPath.from("title", Article.class), Operator.BEGINS_WITH, "On")), true);

		QueryRequest request = QueryRequests.build("table", "t1", "Article", query, converter).request().build();

		assertThat(request.indexName()).isEqualTo(TableLayout.genericIndex(byAuthor.slot()));
		assertThat(resolve(request.keyConditionExpression(), request.expressionAttributeNames(),
				request.expressionAttributeValues()))
			.matches("g1pk = 't1#Article#author#ann' AND g1sk BETWEEN 'v' AND 'v[0-9a-f]+'");
		assertThat(resolve(request.filterExpression(), request.expressionAttributeNames(),
				request.expressionAttributeValues()))
			.isEqualTo("NOT (d.publishedAt = '2026-01-01T00:00:00Z') AND begins_with(d.title, 'On')");
	}
}

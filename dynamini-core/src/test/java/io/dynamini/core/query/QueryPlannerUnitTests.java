package io.dynamini.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.query.Criterion.Operator;
import io.dynamini.test.domain.Article;

import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.domain.Sort;

/**
 * Index choice without DynamoDB: the planner, not the repository layer, decides which index answers a query.
 */
class QueryPlannerUnitTests {

	final DynaminiPersistentEntity<?> articles = new DynaminiMappingContext().getRequiredPersistentEntity(Article.class);

	static Condition condition(String property, Operator operator) {
		return new Condition(PropertyPath.from(property, Article.class), operator, true);
	}

	@Test
	void anIndexWhoseSortKeyAlsoHasAKeyConditionIsPreferred() {
		QueryPlan plan = QueryPlanner.plan(articles, List.of(condition("author", Operator.EQ),
				condition("category", Operator.EQ), condition("rank", Operator.LT)), Sort.unsorted(), false);

		assertThat(plan.index().property().getName()).isEqualTo("category");
		assertThat(plan.partitionCondition()).isEqualTo(1);
		assertThat(plan.sortCondition()).isEqualTo(2);
	}

	@Test
	void aLiteralEqualityNeverSelectsAPartitionAndNoIndexMeansNoPlanUnlessScanning() {
		List<Condition> featuredOnly = List.of(
				new Condition(PropertyPath.from("featured", Article.class), Operator.EQ, false));
		assertThatThrownBy(() -> QueryPlanner.plan(articles, featuredOnly, Sort.unsorted(), false))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("@Indexed")
			.hasMessageContaining("@AllowScan");
		QueryPlan scan = QueryPlanner.plan(articles, featuredOnly, Sort.unsorted(), true);
		assertThat(scan.index()).isNull();
		assertThat(scan.partitionCondition()).isEqualTo(-1);
	}

	@Test
	void unorderedRangeFiltersAndForeignOrdersAreRefused() {
		assertThatThrownBy(() -> QueryPlanner.plan(articles,
				List.of(condition("category", Operator.EQ), condition("publishedAt", Operator.GT)), Sort.unsorted(), false))
			.hasMessageContaining("a range on publishedAt");
		assertThatThrownBy(() -> QueryPlanner.plan(articles, List.of(condition("author", Operator.EQ)),
				Sort.by("rank"), false))
			.hasMessageContaining("ordered only by the sort key of the index the query uses (publishedAt)");
		assertThat(QueryPlanner.plan(articles, List.of(condition("author", Operator.EQ)), Sort.by("publishedAt"), false)
			.sortCondition()).isEqualTo(-1);
	}
}

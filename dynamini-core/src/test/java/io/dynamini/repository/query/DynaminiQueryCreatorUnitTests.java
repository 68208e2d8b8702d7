package io.dynamini.repository.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.query.Criterion.Operator;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.test.domain.Article;
import io.dynamini.test.domain.ArticleRepository;

import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.projection.SpelAwareProxyProjectionFactory;
import org.springframework.data.repository.core.support.DefaultRepositoryMetadata;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * Planning and binding of derived methods, without DynamoDB: which index a method uses, which condition becomes
 * the key condition, which are filters, and which methods are refused at startup.
 */
class DynaminiQueryCreatorUnitTests {

	final DynaminiPersistentEntity<?> articles = new DynaminiMappingContext().getRequiredPersistentEntity(Article.class);

	interface Refused extends VersionedRepository<Article, String> {

		List<Article> findByTitle(String title);

		List<Article> findByAuthorOrCategory(String author, String category);

		List<Article> findByAuthorIgnoreCase(String author);

		List<Article> findByAuthorOrderByRankAsc(String author);

		List<Article> findByCategoryAndPublishedAtAfter(String category, Instant after);
	}

	DynaminiQuery plan(Class<?> repository, String name, Object... arguments) {
		QueryMethod method = method(repository, name, arguments.length);
		DynaminiQueryCreator creator = new DynaminiQueryCreator(method, new PartTree(name, Article.class), articles,
				name, false);
		return creator.create(new ParametersParameterAccessor(method.getParameters(), arguments));
	}

	static QueryMethod method(Class<?> repository, String name) {
		return method(repository, name, -1);
	}

	/** The method of that name and arity (-1: any) (overloads come from {@code getMethods()} in no fixed order). */
	static QueryMethod method(Class<?> repository, String name, int arity) {
		Method method = Arrays.stream(repository.getMethods())
			.filter(candidate -> candidate.getName().equals(name)
					&& (arity < 0 || candidate.getParameterCount() == arity))
			.findFirst()
			.orElseThrow();
		return new QueryMethod(method, new DefaultRepositoryMetadata(repository), new SpelAwareProxyProjectionFactory());
	}

	@Test
	void anEqualityOnAnIndexedPropertyIsThePartitionAndItsSortPropertyTheKeyCondition() {
		Instant from = Instant.parse("2025-01-01T00:00:00Z");
		Instant to = Instant.parse("2025-02-01T00:00:00Z");
		DynaminiQuery query = plan(ArticleRepository.class, "findByAuthorAndPublishedAtBetween", "ann", from, to);

		assertThat(query.index()).isNotNull();
		assertThat(query.index().property().getName()).isEqualTo("author");
		assertThat(query.partitionValue()).isEqualTo("ann");
		assertThat(query.sortCondition().operator()).isEqualTo(Operator.BETWEEN);
		assertThat(query.sortCondition().values()).containsExactly(from, to);
		assertThat(query.filters()).isEmpty();
		assertThat(query.ascending()).isTrue();
	}

	@Test
	void otherConditionsAreFiltersAndOrderFollowsTheMethod() {
		DynaminiQuery query = plan(ArticleRepository.class, "findByAuthorAndViewsGreaterThan", "ann", 10);
		assertThat(query.sortCondition()).isNull();
		assertThat(query.filters()).singleElement().satisfies(filter -> {
			assertThat(filter.path().toDotPath()).isEqualTo("views");
			assertThat(filter.operator()).isEqualTo(Operator.GT);
		});

		assertThat(plan(ArticleRepository.class, "findByAuthorOrderByPublishedAtDesc", "ann").ascending()).isFalse();
		assertThat(plan(ArticleRepository.class, "findByCategoryAndRankLessThan", "news", 3).index().property().getName())
			.isEqualTo("category");
		assertThat(plan(ArticleRepository.class, "findByAuthorAndTitleNot", "ann", (Object) null).filters())
			.singleElement()
			.satisfies(filter -> assertThat(filter.operator()).isEqualTo(Operator.IS_NOT_NULL));
	}

	@Test
	void aNullPartitionValueIsRefusedWhenBound() {
		assertThatThrownBy(() -> plan(ArticleRepository.class, "findByAuthor", (Object) null))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("author cannot be null");
	}

	@Test
	void methodsNoQueryCanAnswerAreRefusedWhenPlannedNamingTheFix() {
		for (String name : List.of("findByTitle", "findByAuthorOrCategory", "findByAuthorIgnoreCase",
				"findByAuthorOrderByRankAsc", "findByCategoryAndPublishedAtAfter")) {
			assertThatThrownBy(() -> new DynaminiQueryCreator(method(Refused.class, name),
					new PartTree(name, Article.class), articles, "Refused." + name, false))
				.as(name)
				.isInstanceOf(InvalidDataAccessApiUsageException.class)
				.hasMessageStartingWith("Refused." + name + " is not supported: ");
		}
		assertThatThrownBy(() -> new DynaminiQueryCreator(method(Refused.class, "findByTitle"),
				new PartTree("findByTitle", Article.class), articles, "Refused.findByTitle", false))
			.hasMessageContaining("@Indexed")
			.hasMessageContaining("@AllowScan");
		assertThat(new DynaminiQueryCreator(method(Refused.class, "findByTitle"),
				new PartTree("findByTitle", Article.class), articles, "Refused.findByTitle", true))
			.as("with @AllowScan").isNotNull();
	}
}

package io.dynamini.repository.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.repository.support.DynaminiRepositoryFactory;
import io.dynamini.test.TestEngine;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.WorstMoment;
import io.dynamini.test.SwitchableTenant;
import io.dynamini.test.domain.Article;
import io.dynamini.test.domain.ArticleRepository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DerivedQueryIntegrationTests {

	static final RequestCounter counter = new RequestCounter();

	static final SwitchableTenant tenant = new SwitchableTenant();

	static final DynamoDbClient client = TestEngine.client(counter);

	static final String table = TestEngine.uniqueTableName(DerivedQueryIntegrationTests.class);

	static final DynaminiRepositoryFactory factory = createFactory();

	static final ArticleRepository articles = factory.getRepository(ArticleRepository.class);

	static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	static DynaminiRepositoryFactory createFactory() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		return new DynaminiRepositoryFactory(
				DynaminiTemplate.builder().client(client).tableName(table).tenantResolver(tenant).build());
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@BeforeEach
	void freshTenant() {
		tenant.set("t-" + UUID.randomUUID());
		counter.reset();
	}

	@AfterEach
	void neverScans() {
		assertThat(counter.count("Scan")).isZero();
	}

	/** Saves articles by ann (ranks 0..n-1, one hour apart) in category "news". */
	List<Article> ann(int count) {
		List<Article> saved = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Article article = new Article("ann", "news", "title " + i, T0.plusSeconds(3600L * i), i);
			article.setViews(i * 10);
			article.setFeatured(i % 2 == 0);
			saved.add(articles.save(article));
		}
		return saved;
	}

	static List<String> titles(Iterable<Article> found) {
		List<String> titles = new ArrayList<>();
		found.forEach(article -> titles.add(article.getTitle()));
		return titles;
	}

	@Test
	void equalityOnAnIndexedPropertyIsOneQueryInSortKeyOrder() {
		ann(3);
		articles.save(new Article("bob", "news", "bob's", T0, 0));
		counter.reset();

		assertThat(titles(articles.findByAuthor("ann"))).containsExactly("title 0", "title 1", "title 2");
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 1L));
		assertThat(titles(articles.findByAuthorOrderByPublishedAtDesc("ann")))
			.containsExactly("title 2", "title 1", "title 0");
		assertThat(titles(articles.findByAuthor("ann", Sort.by(Sort.Direction.DESC, "publishedAt"))))
			.containsExactly("title 2", "title 1", "title 0");
		assertThat(articles.findByAuthor("nobody")).isEmpty();
	}

	@Test
	void rangeConditionsOnTheSortPropertyAreKeyConditions() {
		ann(5);
		counter.reset();

		assertThat(titles(articles.findByAuthorAndPublishedAtBetween("ann", T0.plusSeconds(3600), T0.plusSeconds(3 * 3600))))
			.containsExactly("title 1", "title 2", "title 3");
		assertThat(titles(articles.findByAuthorAndPublishedAtBefore("ann", T0.plusSeconds(2 * 3600))))
			.containsExactly("title 0", "title 1");
		assertThat(titles(articles.findByAuthorAndPublishedAtLessThanEqual("ann", T0.plusSeconds(2 * 3600))))
			.containsExactly("title 0", "title 1", "title 2");
		assertThat(titles(articles.findByAuthorAndPublishedAtGreaterThanEqual("ann", T0.plusSeconds(3 * 3600))))
			.containsExactly("title 3", "title 4");
		assertThat(titles(articles.findByAuthorAndPublishedAt("ann", T0.plusSeconds(4 * 3600))))
			.containsExactly("title 4");
		assertThat(articles.findByAuthorAndPublishedAt("ann", null)).as("null means IS NULL").isEmpty();
		assertThat(titles(articles.findByAuthorAndPublishedAtAfter("ann", T0.plusSeconds(3 * 3600), Pageable.unpaged())))
			.containsExactly("title 4");
		assertThat(titles(articles.findByCategoryAndRankLessThan("news", 2))).containsExactly("title 0", "title 1");
		assertThat(titles(articles.findByCategoryAndRankGreaterThan("news", 2))).containsExactly("title 3", "title 4");
		assertThat(titles(articles.findTop3ByCategoryOrderByRankDesc("news")))
			.containsExactly("title 4", "title 3", "title 2");
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 10L));
	}

	@Test
	void entitiesWithoutASortValueSortFirstAndMatchNoRange() {
		ann(2);
		articles.save(new Article("ann", "news", "undated", null, 0));

		assertThat(titles(articles.findByAuthor("ann"))).containsExactly("undated", "title 0", "title 1");
		assertThat(titles(articles.findByAuthorAndPublishedAtBefore("ann", T0.plusSeconds(7200))))
			.containsExactly("title 0", "title 1");
		assertThat(titles(articles.findByAuthorAndPublishedAtLessThanEqual("ann", T0))).containsExactly("title 0");
		assertThat(titles(articles.findByAuthorAndPublishedAt("ann", null))).containsExactly("undated");
	}

	@Test
	void negativeNumbersAndLargeNumbersSortCorrectly() {
		int[] ranks = { 5, -3, 0, -100, 1_000_000, 42, -1 };
		for (int rank : ranks) {
			articles.save(new Article("ann", "mixed", "r" + rank, T0, rank));
		}
		assertThat(titles(articles.findTop3ByCategoryOrderByRankDesc("mixed"))).containsExactly("r1000000", "r42",
				"r5");
		assertThat(titles(articles.findByCategoryAndRankLessThan("mixed", 0))).containsExactly("r-100", "r-3", "r-1");
	}

	@Test
	void startingWithOnAStringSortKeyIsAKeyCondition() {
		for (String slug : List.of("java-17", "java-21", "javascript", "kotlin")) {
			Article article = new Article("ann", "x", slug, T0, 0);
			article.setSection("lang");
			article.setSlug(slug);
			articles.save(article);
		}
		assertThat(titles(articles.findBySectionAndSlugStartingWith("lang", "java-"))).containsExactly("java-17",
				"java-21");
	}

	@Test
	void otherConditionsAreFiltersNextToTheIndexedEquality() {
		ann(6);
		Article noViews = new Article("ann", "news", "no views", T0.plusSeconds(99_999), 0);
		articles.save(noViews);

		assertThat(titles(articles.findByAuthorAndFeaturedTrue("ann"))).containsExactly("title 0", "title 2", "title 4");
		assertThat(titles(articles.findByAuthorAndViewsGreaterThan("ann", 30))).containsExactly("title 4", "title 5");
		assertThat(titles(articles.findByAuthorAndTitleStartingWith("ann", "title"))).hasSize(6);
		assertThat(titles(articles.findByAuthorAndViewsIsNull("ann"))).containsExactly("no views");
		assertThat(titles(articles.findByAuthorAndTitleIn("ann", List.of("title 1", "title 3", "other"))))
			.containsExactly("title 1", "title 3");
		assertThat(articles.findByAuthorAndTitleNot("ann", "title 1")).hasSize(6);
	}

	@Test
	void countExistsDeleteAndSingleResults() {
		ann(4);
		counter.reset();
		assertThat(articles.countByAuthor("ann")).isEqualTo(4);
		assertThat(articles.existsByAuthor("ann")).isTrue();
		assertThat(articles.existsByAuthor("bob")).isFalse();
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 3L));

		assertThat(articles.findByAuthorAndTitle("ann", "title 2")).get().extracting(Article::getRank).isEqualTo(2);
		assertThat(articles.findByAuthorAndTitle("ann", "missing")).isEmpty();
		assertThat(articles.findFirstByAuthorOrderByPublishedAtDesc("ann").getTitle()).isEqualTo("title 3");
		articles.save(new Article("ann", "news", "title 2", T0.plusSeconds(10), 9));
		assertThatThrownBy(() -> articles.findByAuthorAndTitle("ann", "title 2"))
			.isInstanceOf(IncorrectResultSizeDataAccessException.class);

		assertThat(articles.deleteByAuthorAndFeaturedFalse("ann")).isEqualTo(3);
		assertThat(titles(articles.findByAuthor("ann"))).containsExactly("title 0", "title 2");
		assertThat(articles.findAllLatestRevisions()).hasSize(5);
	}

	@Test
	void deletedAndUpdatedEntitiesLeaveTheirOldIndexEntries() {
		List<Article> saved = ann(3);
		articles.delete(saved.get(1));
		Article moved = saved.get(2);
		moved.setAuthor("bob");
		articles.save(moved);

		assertThat(titles(articles.findByAuthor("ann"))).containsExactly("title 0");
		assertThat(titles(articles.findByAuthor("bob"))).containsExactly("title 2");
		articles.restore(saved.get(1).getId());
		assertThat(titles(articles.findByAuthor("ann"))).containsExactly("title 0", "title 1");
		articles.purge(saved.get(0).getId());
		assertThat(titles(articles.findByAuthor("ann"))).containsExactly("title 1");
	}

	@Test
	void latestRevisionsIncludeDeletedEntitiesInIndexOrder() {
		List<Article> saved = ann(4);
		articles.delete(saved.get(2));
		articles.deleteById(saved.get(0).getId());

		List<Revision<Long, Article>> latest = articles.findLatestRevisionsByAuthor("ann");

		assertThat(latest).extracting(r -> r.getEntity().getTitle())
			.containsExactly("title 0", "title 1", "title 2", "title 3");
		assertThat(latest).extracting(r -> r.getMetadata().getRevisionType())
			.containsExactly(RevisionType.DELETE, RevisionType.INSERT, RevisionType.DELETE, RevisionType.INSERT);
		assertThat(latest.get(0).getRequiredRevisionNumber()).isEqualTo(2L);
		assertThat(articles.findByAuthor("ann")).hasSize(2);
	}

	@Test
	void otherTenantsNeverAppear() {
		ann(2);
		String mine = tenant.currentTenant();
		tenant.set(mine + "-other");
		assertThat(articles.findByAuthor("ann")).isEmpty();
		assertThat(articles.countByAuthor("ann")).isZero();
		assertThat(articles.findAll()).isEmpty();
		tenant.set(mine);
		assertThat(articles.findByAuthor("ann")).hasSize(2);
	}

	@Test
	void allowScanReadsOnlyThisTypeInThisTenant() {
		ann(3);
		counter.reset();
		assertThat(titles(articles.findByTitle("title 1"))).containsExactly("title 1");
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 1L));
	}

	@Test
	void pagesCountOnlyWhenAPageIsAsked() {
		ann(7);
		counter.reset();
		Page<Article> page = articles.findByAuthor("ann", PageRequest.of(1, 3));
		assertThat(titles(page)).containsExactly("title 3", "title 4", "title 5");
		assertThat(page.getTotalElements()).isEqualTo(7);
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 2L));
		counter.reset();
		Slice<Article> slice = articles.findSliceByAuthor("ann", PageRequest.of(0, 3));
		assertThat(slice.hasNext()).isTrue();
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 1L));
		Page<Article> all = articles.findAll(PageRequest.of(2, 3));
		assertThat(titles(all)).containsExactly("title 6");
		assertThat(all.getTotalElements()).isEqualTo(7);
		assertThatThrownBy(() -> articles.findAll(Sort.by("title"))).isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("creation order");
	}

	@Test
	void fiveThousandEntitiesPageBySliceAndWindowWithOneQueryPerPage() {
		int total = 5000;
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < total; i++) {
			ids.add(articles.save(new Article("prolific", "bulk", "a" + i, T0.plusSeconds(i), i)).getId());
		}
		counter.reset();

		List<Article> bySlice = new ArrayList<>();
		Slice<Article> slice = articles.findSliceByAuthor("prolific", PageRequest.of(0, 100));
		int slices = 1;
		bySlice.addAll(slice.getContent());
		while (slice.hasNext()) {
			slice = articles.findSliceByAuthor("prolific", slice.nextPageable());
			bySlice.addAll(slice.getContent());
			slices++;
		}
		assertThat(slices).isEqualTo(50);
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 50L));
		assertInOrderWithoutGapsOrDuplicates(bySlice, ids);

		counter.reset();
		List<Article> byWindow = new ArrayList<>();
		Window<Article> window = articles.findByCategory("bulk", ScrollPosition.keyset(), Limit.of(250));
		int windows = 1;
		byWindow.addAll(window.getContent());
		while (window.hasNext()) {
			window = articles.findByCategory("bulk", window.positionAt(window.size() - 1), Limit.of(250));
			byWindow.addAll(window.getContent());
			windows++;
		}
		assertThat(windows).isEqualTo(20);
		assertThat(counter.snapshot()).isEqualTo(Map.of("Query", 20L));
		assertInOrderWithoutGapsOrDuplicates(byWindow, ids);

		Window<Article> firstTen = articles.findFirst10ByAuthor("prolific", ScrollPosition.keyset());
		assertThat(firstTen.size()).isEqualTo(10);
		assertThat(firstTen.hasNext()).isTrue();
		Window<Article> all = articles.findAllBy(ScrollPosition.keyset(), Limit.of(1000));
		assertThat(all.size()).isEqualTo(1000);
		assertThat(articles.streamByAuthor("prolific").count()).isEqualTo(total);
		assertThat(articles.count()).isEqualTo(total);
	}

	@Test
	void resultsLargerThanDynamoDbsOneMegabytePagesAreNeverTruncated() {
		String big = "x".repeat(100 * 1024);
		for (int i = 0; i < 30; i++) {
			Article article = new Article("heavy", "heavy", big + i, T0.plusSeconds(i), i);
			articles.save(article);
		}
		counter.reset();
		assertThat(articles.findByAuthor("heavy")).hasSize(30);
		assertThat(counter.count("Query")).as("3 MB need at least three 1 MB pages").isGreaterThanOrEqualTo(3);
		Slice<Article> slice = articles.findSliceByAuthor("heavy", PageRequest.of(0, 25));
		assertThat(slice.getContent()).hasSize(25);
		assertThat(slice.hasNext()).isTrue();
		assertThat(articles.findSliceByAuthor("heavy", slice.nextPageable()).getContent()).hasSize(5);
		assertThat(articles.countByAuthor("heavy")).isEqualTo(30);
		assertThat(articles.findByCategory("heavy", ScrollPosition.keyset(), Limit.of(30)).size()).isEqualTo(30);
	}

	private static void assertInOrderWithoutGapsOrDuplicates(List<Article> found, Set<String> ids) {
		assertThat(found).hasSize(ids.size());
		assertThat(found.stream().map(Article::getId).toList()).doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(ids);
		for (int i = 0; i < found.size(); i++) {
			assertThat(found.get(i).getRank()).isEqualTo(i);
		}
	}

	@Test
	void scrollPositionsFromAnotherQueryAreRefused() {
		ann(3);
		Window<Article> window = articles.findFirst10ByAuthor("ann", ScrollPosition.keyset());
		ScrollPosition foreign = window.positionAt(0);
		assertThat(((org.springframework.data.domain.KeysetScrollPosition) foreign).getKeys())
			.as("the table's keys do not leak into the API").containsOnlyKeys("position");
		assertThatThrownBy(() -> articles.findByCategory("news", foreign, Limit.of(5)))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("Invalid scroll position");
		assertThatThrownBy(() -> articles.findByCategory("news", ScrollPosition.forward(Map.of("pk", "x")), Limit.of(5)))
			.isInstanceOf(InvalidDataAccessApiUsageException.class);
	}

	// -------------------------------------------------------------------------- rejected at startup

	interface NeedsScan extends VersionedRepository<Article, String> {

		List<Article> findByTitle(String title);
	}

	interface UsesOr extends VersionedRepository<Article, String> {

		List<Article> findByAuthorOrCategory(String author, String category);
	}

	interface SortsByAnotherProperty extends VersionedRepository<Article, String> {

		List<Article> findByAuthorOrderByTitle(String author);
	}

	interface RangeOnUnorderedFilter extends VersionedRepository<Article, String> {

		List<Article> findByCategoryAndPublishedAtAfter(String category, Instant after);
	}

	@Test
	void methodsThatWouldNeedAScanFailAtRepositoryCreation() {
		assertThatThrownBy(() -> factory.getRepository(NeedsScan.class))
			.hasStackTraceContaining("NeedsScan.findByTitle")
			.hasStackTraceContaining("@Indexed")
			.hasStackTraceContaining("@AllowScan");
		assertThatThrownBy(() -> factory.getRepository(UsesOr.class)).hasStackTraceContaining("Or");
		assertThatThrownBy(() -> factory.getRepository(SortsByAnotherProperty.class))
			.hasStackTraceContaining("ordered only by the sort key");
		assertThatThrownBy(() -> factory.getRepository(RangeOnUnorderedFilter.class))
			.hasStackTraceContaining("publishedAt");
	}

	@Test
	void aDerivedDeleteDeletesMatchesUpdatedAfterTheIndexListedThem() {
		List<Article> saved = ann(4);
		WorstMoment moment = new WorstMoment();
		try (DynamoDbClient intercepted = TestEngine.client(moment)) {
			ArticleRepository staleIndex = new DynaminiRepositoryFactory(DynaminiTemplate.builder()
				.client(intercepted)
				.tableName(table)
				.tenantResolver(tenant)
				.build()).getRepository(ArticleRepository.class);
			// the index listed the matches at their versions; before the deletes, another writer updates one of them
			moment.afterApplied("Query", 1, () -> articles.update(saved.get(1).getId(), article -> {
				article.setViews(1_000);
				return article;
			}));

			assertThat(staleIndex.deleteByAuthorAndFeaturedFalse("ann")).isEqualTo(2);
		}
		assertThat(titles(articles.findByAuthor("ann"))).containsExactly("title 0", "title 2");
		assertThat(articles.findRevisions(saved.get(1).getId()).getContent()).extracting(r -> r.getMetadata().getRevisionType())
			.containsExactly(RevisionType.INSERT, RevisionType.UPDATE, RevisionType.DELETE);
	}

	@Test
	void interfaceDtoAndDynamicProjectionsShapeTheResults() {
		ann(3);

		assertThat(articles.findTitlesByAuthor("ann")).extracting(ArticleRepository.TitleOnly::getTitle)
			.containsExactly("title 0", "title 1", "title 2");
		assertThat(articles.findSummariesByAuthorOrderByPublishedAtDesc("ann"))
			.containsExactly(new ArticleRepository.Summary("title 2", 2), new ArticleRepository.Summary("title 1", 1),
					new ArticleRepository.Summary("title 0", 0));
		assertThat(articles.findByCategory("news", ArticleRepository.Summary.class)).hasSize(3)
			.allSatisfy(summary -> assertThat(summary.title()).startsWith("title "));
		assertThat(articles.findByCategory("news", Article.class)).extracting(Article::getAuthor).containsOnly("ann");
		assertThat(articles.findSlicedTitlesByAuthor("ann", PageRequest.of(0, 2)))
			.extracting(ArticleRepository.TitleOnly::getTitle)
			.containsExactly("title 0", "title 1");
	}
}

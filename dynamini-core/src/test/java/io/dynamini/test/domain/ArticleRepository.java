package io.dynamini.test.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.dynamini.annotation.AllowScan;
import io.dynamini.repository.VersionedRepository;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.history.Revision;

public interface ArticleRepository extends VersionedRepository<Article, String> {

	List<Article> findByAuthor(String author);

	List<Article> findByAuthor(String author, Sort sort);

	List<Article> findByAuthorOrderByPublishedAtDesc(String author);

	Slice<Article> findByAuthorAndPublishedAtAfter(String author, Instant after, Pageable pageable);

	Page<Article> findByAuthor(String author, Pageable pageable);

	Slice<Article> findSliceByAuthor(String author, Pageable pageable);

	List<Article> findByAuthorAndPublishedAtBetween(String author, Instant from, Instant to);

	List<Article> findByAuthorAndPublishedAtBefore(String author, Instant before);

	List<Article> findByAuthorAndPublishedAtLessThanEqual(String author, Instant until);

	List<Article> findByAuthorAndPublishedAtGreaterThanEqual(String author, Instant from);

	List<Article> findByAuthorAndPublishedAt(String author, Instant at);

	List<Article> findByCategoryAndRankLessThan(String category, int rank);

	List<Article> findByCategoryAndRankGreaterThan(String category, int rank);

	List<Article> findTop3ByCategoryOrderByRankDesc(String category);

	List<Article> findBySectionAndSlugStartingWith(String section, String prefix);

	List<Article> findByAuthorAndTitleStartingWith(String author, String prefix);

	List<Article> findByAuthorAndFeaturedTrue(String author);

	List<Article> findByAuthorAndViewsGreaterThan(String author, int views);

	List<Article> findByAuthorAndViewsIsNull(String author);

	List<Article> findByAuthorAndTitleIn(String author, Collection<String> titles);

	List<Article> findByAuthorAndTitleNot(String author, String title);

	long countByAuthor(String author);

	boolean existsByAuthor(String author);

	long deleteByAuthorAndFeaturedFalse(String author);

	Optional<Article> findByAuthorAndTitle(String author, String title);

	Article findFirstByAuthorOrderByPublishedAtDesc(String author);

	Stream<Article> streamByAuthor(String author);

	Window<Article> findFirst10ByAuthor(String author, ScrollPosition position);

	Window<Article> findByCategory(String category, ScrollPosition position, Limit limit);

	Window<Article> findAllBy(ScrollPosition position, Limit limit);

	Slice<Article> findAllBy(Pageable pageable);

	List<Revision<Long, Article>> findLatestRevisionsByAuthor(String author);

	@AllowScan
	List<Article> findByTitle(String title);

	/** An interface projection. */
	interface TitleOnly {

		String getTitle();
	}

	/** A DTO projection. */
	record Summary(String title, int rank) {
	}

	List<TitleOnly> findTitlesByAuthor(String author);

	List<Summary> findSummariesByAuthorOrderByPublishedAtDesc(String author);

	<P> List<P> findByCategory(String category, Class<P> projection);

	org.springframework.data.domain.Slice<TitleOnly> findSlicedTitlesByAuthor(String author,
			org.springframework.data.domain.Pageable pageable);
}

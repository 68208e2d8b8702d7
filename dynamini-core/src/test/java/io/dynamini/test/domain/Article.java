package io.dynamini.test.domain;

import java.time.Instant;

import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity with indexed properties, for derived queries.
 */
@VersionedEntity
public class Article {

	@Id
	private String id;

	@Version
	private Long version;

	@Indexed(sortBy = "publishedAt")
	private String author;

	@Indexed(sortBy = "rank")
	private String category;

	@Indexed(sortBy = "slug")
	private String section;

	private String slug;

	private Instant publishedAt;

	private int rank;

	private String title;

	private boolean featured;

	private Integer views;

	public Article() {
	}

	public Article(String author, String category, String title, Instant publishedAt, int rank) {
		this.author = author;
		this.category = category;
		this.title = title;
		this.publishedAt = publishedAt;
		this.rank = rank;
	}

	public String getId() {
		return id;
	}

	public void setId(String id) {
		this.id = id;
	}

	public Long getVersion() {
		return version;
	}

	public void setVersion(Long version) {
		this.version = version;
	}

	public String getAuthor() {
		return author;
	}

	public void setAuthor(String author) {
		this.author = author;
	}

	public String getCategory() {
		return category;
	}

	public void setCategory(String category) {
		this.category = category;
	}

	public String getSection() {
		return section;
	}

	public void setSection(String section) {
		this.section = section;
	}

	public String getSlug() {
		return slug;
	}

	public void setSlug(String slug) {
		this.slug = slug;
	}

	public Instant getPublishedAt() {
		return publishedAt;
	}

	public void setPublishedAt(Instant publishedAt) {
		this.publishedAt = publishedAt;
	}

	public int getRank() {
		return rank;
	}

	public void setRank(int rank) {
		this.rank = rank;
	}

	public String getTitle() {
		return title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public boolean isFeatured() {
		return featured;
	}

	public void setFeatured(boolean featured) {
		this.featured = featured;
	}

	public Integer getViews() {
		return views;
	}

	public void setViews(Integer views) {
		this.views = views;
	}
}

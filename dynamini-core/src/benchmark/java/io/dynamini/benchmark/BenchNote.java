package io.dynamini.benchmark;

import java.time.Instant;

import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * The entity every benchmark stores: a handful of typical fields, one indexed.
 */
@VersionedEntity
public class BenchNote {

	@Id
	private String id;

	@Version
	private Long version;

	@Indexed
	private String owner;

	private String text;

	private long counter;

	private Instant createdAt;

	public BenchNote() {
	}

	public BenchNote(String owner, String text, Instant createdAt) {
		this.owner = owner;
		this.text = text;
		this.createdAt = createdAt;
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

	public String getOwner() {
		return owner;
	}

	public void setOwner(String owner) {
		this.owner = owner;
	}

	public String getText() {
		return text;
	}

	public void setText(String text) {
		this.text = text;
	}

	public long getCounter() {
		return counter;
	}

	public void setCounter(long counter) {
		this.counter = counter;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public void setCreatedAt(Instant createdAt) {
		this.createdAt = createdAt;
	}
}

package io.dynamini.test.domain;

import java.time.Instant;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/**
 * An entity with every auditing property.
 */
@VersionedEntity
public class AuditedNote {

	@Id
	private String id;

	@Version
	private Long version;

	private String text;

	@CreatedBy
	private String createdBy;

	@CreatedDate
	private Instant createdAt;

	@LastModifiedBy
	private String modifiedBy;

	@LastModifiedDate
	private Instant modifiedAt;

	public AuditedNote() {
	}

	public AuditedNote(String text) {
		this.text = text;
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

	public String getText() {
		return text;
	}

	public void setText(String text) {
		this.text = text;
	}

	public String getCreatedBy() {
		return createdBy;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public String getModifiedBy() {
		return modifiedBy;
	}

	public Instant getModifiedAt() {
		return modifiedAt;
	}
}

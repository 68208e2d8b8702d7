package io.dynamini.test.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;

/**
 * A mutable entity with one property of every kind the converter must round-trip.
 */
@VersionedEntity
public class Note {

	@Id
	private String id;

	@Version
	private Long version;

	private String owner;

	private String text;

	private long counter;

	private Status status;

	private Instant createdAt;

	private LocalDate due;

	private UUID reference;

	private BigDecimal price;

	private List<String> tags = new ArrayList<>();

	private Set<Integer> scores = new LinkedHashSet<>();

	private Map<String, Object> attributes = new LinkedHashMap<>();

	private Address address;

	private List<Address> previousAddresses = new ArrayList<>();

	private byte[] blob;

	@Transient
	private String scratch;

	public Note() {
	}

	public Note(String owner, String text) {
		this.owner = owner;
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

	public Status getStatus() {
		return status;
	}

	public void setStatus(Status status) {
		this.status = status;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public void setCreatedAt(Instant createdAt) {
		this.createdAt = createdAt;
	}

	public LocalDate getDue() {
		return due;
	}

	public void setDue(LocalDate due) {
		this.due = due;
	}

	public UUID getReference() {
		return reference;
	}

	public void setReference(UUID reference) {
		this.reference = reference;
	}

	public BigDecimal getPrice() {
		return price;
	}

	public void setPrice(BigDecimal price) {
		this.price = price;
	}

	public List<String> getTags() {
		return tags;
	}

	public void setTags(List<String> tags) {
		this.tags = tags;
	}

	public Set<Integer> getScores() {
		return scores;
	}

	public void setScores(Set<Integer> scores) {
		this.scores = scores;
	}

	public Map<String, Object> getAttributes() {
		return attributes;
	}

	public void setAttributes(Map<String, Object> attributes) {
		this.attributes = attributes;
	}

	public Address getAddress() {
		return address;
	}

	public void setAddress(Address address) {
		this.address = address;
	}

	public List<Address> getPreviousAddresses() {
		return previousAddresses;
	}

	public void setPreviousAddresses(List<Address> previousAddresses) {
		this.previousAddresses = previousAddresses;
	}

	public byte[] getBlob() {
		return blob;
	}

	public void setBlob(byte[] blob) {
		this.blob = blob;
	}

	public String getScratch() {
		return scratch;
	}

	public void setScratch(String scratch) {
		this.scratch = scratch;
	}

	public enum Status {
		DRAFT, PUBLISHED
	}
}

package io.dynamini.observation;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.Observation;

/**
 * What a {@code dynamini.operation} observation knows: the entity and operation, then (as the operation runs) its
 * outcome, revision and the capacity, requests, retries and throttles of its DynamoDB requests.
 */
public class DynaminiOperationContext extends Observation.Context {

	private final String entity;

	private final String operation;

	private @Nullable Object id;

	private @Nullable Long revision;

	private String outcome = "success";

	private double readCapacity;

	private double writeCapacity;

	private int requests;

	private int retries;

	private int throttles;

	public DynaminiOperationContext(String entity, String operation, @Nullable Object id) {
		this.entity = entity;
		this.operation = operation;
		this.id = id;
	}

	public String getEntity() {
		return entity;
	}

	public String getOperation() {
		return operation;
	}

	public @Nullable Object getId() {
		return id;
	}

	public void setId(@Nullable Object id) {
		this.id = id;
	}

	public @Nullable Long getRevision() {
		return revision;
	}

	public void setRevision(@Nullable Long revision) {
		this.revision = revision;
	}

	public String getOutcome() {
		return outcome;
	}

	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/** @return read capacity units its requests consumed */
	public double getReadCapacity() {
		return readCapacity;
	}

	/** @return write capacity units its requests consumed */
	public double getWriteCapacity() {
		return writeCapacity;
	}

	/** @return DynamoDB requests it sent */
	public int getRequests() {
		return requests;
	}

	/** @return requests sent again: by the SDK (throttled, server errors) and by dynamini (cancelled transactions) */
	public int getRetries() {
		return retries;
	}

	/** @return attempts DynamoDB refused for throttling */
	public int getThrottles() {
		return throttles;
	}

	void add(DynaminiRequestContext request) {
		requests++;
		readCapacity += request.getReadCapacity();
		writeCapacity += request.getWriteCapacity();
		retries += request.getRetries();
		throttles += request.getThrottles();
	}

	void addRetry() {
		retries++;
	}
}

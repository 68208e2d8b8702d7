package io.dynamini.observation;

import java.util.List;

import io.micrometer.observation.Observation;

/**
 * What a {@code dynamini.request} observation knows: the DynamoDB operation and tables, then the capacity DynamoDB
 * reported and the SDK's attempts.
 */
public class DynaminiRequestContext extends Observation.Context {

	private final String operationName;

	private final List<String> tableNames;

	private String outcome = "success";

	private double readCapacity;

	private double writeCapacity;

	private String consumedCapacity = "";

	private int retries;

	private int throttles;

	public DynaminiRequestContext(String operationName, List<String> tableNames) {
		this.operationName = operationName;
		this.tableNames = List.copyOf(tableNames);
	}

	public String getOperationName() {
		return operationName;
	}

	public List<String> getTableNames() {
		return tableNames;
	}

	public String getOutcome() {
		return outcome;
	}

	void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	public double getReadCapacity() {
		return readCapacity;
	}

	public double getWriteCapacity() {
		return writeCapacity;
	}

	/** @return DynamoDB's ConsumedCapacity as reported, one {@code table=units} per table */
	public String getConsumedCapacity() {
		return consumedCapacity;
	}

	void capacity(double read, double write, String reported) {
		this.readCapacity = read;
		this.writeCapacity = write;
		this.consumedCapacity = reported;
	}

	public int getRetries() {
		return retries;
	}

	public int getThrottles() {
		return throttles;
	}

	void attempts(int retries, int throttles) {
		this.retries = retries;
		this.throttles = throttles;
	}
}

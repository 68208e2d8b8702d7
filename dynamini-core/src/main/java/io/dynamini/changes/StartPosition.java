package io.dynamini.changes;

/**
 * Where a consumer group that has never run starts reading. Once a group has run, it resumes from its checkpoints.
 */
public enum StartPosition {

	/** every change the stream still holds (DynamoDB keeps 24 hours) */
	TRIM_HORIZON,

	/** changes whose revision instant is at or after the group's first start */
	LATEST
}

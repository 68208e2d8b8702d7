package io.dynamini.changes.kcl;

import org.springframework.util.Assert;

import software.amazon.kinesis.metrics.MetricsLevel;

/**
 * What {@code kcl} mode adds to {@link io.dynamini.changes.ChangeFeedOptions}.
 *
 * @param workerId this instance's name among the group's workers (unique per running instance)
 * @param metricsLevel the KCL's CloudWatch metrics: {@link MetricsLevel#NONE} (the default) sends none
 * @param maxRecords stream records per GetRecords call, at most 1,000 (DynamoDB Streams' limit): the largest batch a
 * worker delivers before it checkpoints
 */
public record KclOptions(String workerId, MetricsLevel metricsLevel, int maxRecords) {

	public KclOptions {
		Assert.hasText(workerId, "workerId must not be empty");
		Assert.notNull(metricsLevel, "metricsLevel must not be null");
		Assert.isTrue(maxRecords >= 1 && maxRecords <= 1000,
				() -> "maxRecords must be between 1 and 1000 (DynamoDB Streams' GetRecords limit), was " + maxRecords);
	}

	/** A worker with no CloudWatch metrics and batches of up to 1,000 records. */
	public static KclOptions of(String workerId) {
		return new KclOptions(workerId, MetricsLevel.NONE, 1000);
	}

	public KclOptions withMetricsLevel(MetricsLevel level) {
		return new KclOptions(workerId, level, maxRecords);
	}

	public KclOptions withMaxRecords(int records) {
		return new KclOptions(workerId, metricsLevel, records);
	}
}

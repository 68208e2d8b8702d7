package io.dynamini.core;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;

/**
 * How the table is billed: on demand, or provisioned with read and write capacity units applied to the table and
 * each of its global secondary indexes.
 *
 * @param billingMode PAY_PER_REQUEST or PROVISIONED
 * @param readCapacityUnits read capacity units, for PROVISIONED only
 * @param writeCapacityUnits write capacity units, for PROVISIONED only
 * @param maxReadRequestUnits for PAY_PER_REQUEST: the most read request units per second the table and each index may
 * use (DynamoDB's on-demand maximum throughput), {@code 0} for no maximum
 * @param maxWriteRequestUnits for PAY_PER_REQUEST: the same for writes
 */
public record TableCapacity(BillingMode billingMode, long readCapacityUnits, long writeCapacityUnits,
		long maxReadRequestUnits, long maxWriteRequestUnits) {

	public TableCapacity(BillingMode billingMode, long readCapacityUnits, long writeCapacityUnits) {
		this(billingMode, readCapacityUnits, writeCapacityUnits, 0, 0);
	}

	public TableCapacity {
		Assert.notNull(billingMode, "billingMode must not be null");
		Assert.isTrue(billingMode == BillingMode.PAY_PER_REQUEST || billingMode == BillingMode.PROVISIONED,
				() -> "billingMode must be PAY_PER_REQUEST or PROVISIONED, not " + billingMode);
		if (billingMode == BillingMode.PROVISIONED) {
			Assert.isTrue(readCapacityUnits > 0, "readCapacityUnits must be positive");
			Assert.isTrue(writeCapacityUnits > 0, "writeCapacityUnits must be positive");
			Assert.isTrue(maxReadRequestUnits == 0 && maxWriteRequestUnits == 0,
					"maximum request units apply to PAY_PER_REQUEST only");
		}
		Assert.isTrue(maxReadRequestUnits >= 0 && maxWriteRequestUnits >= 0, "maximum request units must not be negative");
	}

	/**
	 * On demand with DynamoDB's maximum throughput per second for the table and each index ({@code 0}: no maximum).
	 */
	public static TableCapacity onDemand(long maxReadRequestUnits, long maxWriteRequestUnits) {
		return new TableCapacity(BillingMode.PAY_PER_REQUEST, 0, 0, maxReadRequestUnits, maxWriteRequestUnits);
	}

	/** @return whether an on-demand maximum throughput is set */
	public boolean hasMaximumThroughput() {
		return maxReadRequestUnits > 0 || maxWriteRequestUnits > 0;
	}

	/** @return the on-demand maximum throughput, or {@code null} if none is set */
	public @Nullable OnDemandThroughput onDemandThroughput() {
		if (!hasMaximumThroughput()) {
			return null;
		}
		OnDemandThroughput.Builder throughput = OnDemandThroughput.builder();
		if (maxReadRequestUnits > 0) {
			throughput.maxReadRequestUnits(maxReadRequestUnits);
		}
		if (maxWriteRequestUnits > 0) {
			throughput.maxWriteRequestUnits(maxWriteRequestUnits);
		}
		return throughput.build();
	}

	public static TableCapacity onDemand() {
		return new TableCapacity(BillingMode.PAY_PER_REQUEST, 0, 0);
	}

	public static TableCapacity provisioned(long readCapacityUnits, long writeCapacityUnits) {
		return new TableCapacity(BillingMode.PROVISIONED, readCapacityUnits, writeCapacityUnits);
	}
}

package io.dynamini.core;

import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * How the table is billed: on demand, or provisioned with read and write capacity units applied to the table and
 * each of its global secondary indexes.
 *
 * @param billingMode PAY_PER_REQUEST or PROVISIONED
 * @param readCapacityUnits read capacity units, for PROVISIONED only
 * @param writeCapacityUnits write capacity units, for PROVISIONED only
 */
public record TableCapacity(BillingMode billingMode, long readCapacityUnits, long writeCapacityUnits) {

	public TableCapacity {
		Assert.notNull(billingMode, "billingMode must not be null");
		Assert.isTrue(billingMode == BillingMode.PAY_PER_REQUEST || billingMode == BillingMode.PROVISIONED,
				() -> "billingMode must be PAY_PER_REQUEST or PROVISIONED, not " + billingMode);
		if (billingMode == BillingMode.PROVISIONED) {
			Assert.isTrue(readCapacityUnits > 0, "readCapacityUnits must be positive");
			Assert.isTrue(writeCapacityUnits > 0, "writeCapacityUnits must be positive");
		}
	}

	public static TableCapacity onDemand() {
		return new TableCapacity(BillingMode.PAY_PER_REQUEST, 0, 0);
	}

	public static TableCapacity provisioned(long readCapacityUnits, long writeCapacityUnits) {
		return new TableCapacity(BillingMode.PROVISIONED, readCapacityUnits, writeCapacityUnits);
	}
}

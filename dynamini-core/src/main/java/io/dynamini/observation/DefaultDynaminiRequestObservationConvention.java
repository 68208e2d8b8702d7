package io.dynamini.observation;

import io.dynamini.observation.DynaminiObservationDocumentation.RequestHighCardinalityKeys;
import io.dynamini.observation.DynaminiObservationDocumentation.RequestLowCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names {@code dynamini.request} after OpenTelemetry's semantic conventions for DynamoDB ({@code db.system.name},
 * {@code db.operation.name}, {@code aws.dynamodb.table_names}, {@code aws.dynamodb.consumed_capacity}); its
 * contextual name is the DynamoDB operation.
 */
public class DefaultDynaminiRequestObservationConvention implements ObservationConvention<DynaminiRequestContext> {

	@Override
	public String getName() {
		return "dynamini.request";
	}

	@Override
	public String getContextualName(DynaminiRequestContext context) {
		return context.getOperationName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DynaminiRequestContext context) {
		return KeyValues.of(KeyValue.of(RequestLowCardinalityKeys.DB_SYSTEM, "aws.dynamodb"),
				KeyValue.of(RequestLowCardinalityKeys.DB_OPERATION, context.getOperationName()),
				KeyValue.of(RequestLowCardinalityKeys.TABLE_NAMES, String.join(",", context.getTableNames())),
				KeyValue.of(RequestLowCardinalityKeys.OUTCOME, context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DynaminiRequestContext context) {
		return KeyValues.of(KeyValue.of(RequestHighCardinalityKeys.CONSUMED_CAPACITY, context.getConsumedCapacity()),
				KeyValue.of(RequestHighCardinalityKeys.RETRIES, Integer.toString(context.getRetries())));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof DynaminiRequestContext;
	}
}

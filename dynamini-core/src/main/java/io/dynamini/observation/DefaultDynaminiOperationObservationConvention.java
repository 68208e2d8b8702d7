package io.dynamini.observation;

import io.dynamini.observation.DynaminiObservationDocumentation.OperationHighCardinalityKeys;
import io.dynamini.observation.DynaminiObservationDocumentation.OperationLowCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names {@code dynamini.operation} and gives it the entity, operation and outcome (low cardinality) and the id and
 * revision (high cardinality). Its contextual name, for traces, is {@code <operation> <entity>}.
 */
public class DefaultDynaminiOperationObservationConvention implements ObservationConvention<DynaminiOperationContext> {

	@Override
	public String getName() {
		return "dynamini.operation";
	}

	@Override
	public String getContextualName(DynaminiOperationContext context) {
		return context.getOperation() + " " + context.getEntity();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DynaminiOperationContext context) {
		return KeyValues.of(KeyValue.of(OperationLowCardinalityKeys.ENTITY, context.getEntity()),
				KeyValue.of(OperationLowCardinalityKeys.OPERATION, context.getOperation()),
				KeyValue.of(OperationLowCardinalityKeys.OUTCOME, context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DynaminiOperationContext context) {
		KeyValues values = KeyValues.empty();
		if (context.getId() != null) {
			values = values.and(KeyValue.of(OperationHighCardinalityKeys.ID, String.valueOf(context.getId())));
		}
		if (context.getRevision() != null) {
			values = values.and(KeyValue.of(OperationHighCardinalityKeys.REVISION, String.valueOf(context.getRevision())));
		}
		return values;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof DynaminiOperationContext;
	}
}

package io.dynamini.boot.autoconfigure;

import io.dynamini.observation.DynaminiOperationContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * The meters only dynamini can give, recorded when each {@code dynamini.operation} stops, tagged with its entity and
 * operation: the capacity units its DynamoDB requests consumed ({@code dynamini.capacity.read},
 * {@code dynamini.capacity.write}: the cost per entity type and operation), and the counters
 * {@code dynamini.conflicts} (version conflicts), {@code dynamini.retries} (requests sent again by the SDK or by
 * dynamini) and {@code dynamini.throttles} (attempts DynamoDB refused for throttling). The timers of operations and
 * requests come from Spring Boot's own meter handler.
 */
public class DynaminiMeterObservationHandler implements ObservationHandler<DynaminiOperationContext> {

	private final MeterRegistry meters;

	public DynaminiMeterObservationHandler(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public void onStop(DynaminiOperationContext context) {
		Tags tags = Tags.of("dynamini.entity", context.getEntity(), "dynamini.operation", context.getOperation());
		DistributionSummary.builder("dynamini.capacity.read")
			.description("Read capacity units consumed by dynamini operations")
			.baseUnit("capacity.units")
			.tags(tags)
			.register(meters)
			.record(context.getReadCapacity());
		DistributionSummary.builder("dynamini.capacity.write")
			.description("Write capacity units consumed by dynamini operations")
			.baseUnit("capacity.units")
			.tags(tags)
			.register(meters)
			.record(context.getWriteCapacity());
		if ("version-conflict".equals(context.getOutcome())) {
			Counter.builder("dynamini.conflicts").description("Operations refused for a version conflict").tags(tags)
				.register(meters).increment();
		}
		if (context.getRetries() > 0) {
			Counter.builder("dynamini.retries").description("DynamoDB requests sent again").tags(tags)
				.register(meters).increment(context.getRetries());
		}
		if (context.getThrottles() > 0) {
			Counter.builder("dynamini.throttles").description("DynamoDB attempts refused for throttling").tags(tags)
				.register(meters).increment(context.getThrottles());
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof DynaminiOperationContext;
	}
}

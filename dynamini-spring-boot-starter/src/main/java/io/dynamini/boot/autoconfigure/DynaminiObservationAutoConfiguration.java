package io.dynamini.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer's meters (Actuator), adds {@link DynaminiMeterObservationHandler} to the application's
 * observations: capacity per entity and operation, conflicts, retries and throttles. The observations themselves
 * are recorded by the template and the transaction manager whenever the application has an
 * {@link ObservationRegistry}; {@code dynamini.observations.enabled=false} turns both off.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, ObservationRegistry.class })
@ConditionalOnProperty(prefix = "dynamini.observations", name = "enabled", havingValue = "true", matchIfMissing = true)
public class DynaminiObservationAutoConfiguration {

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	DynaminiMeterObservationHandler dynaminiMeterObservationHandler(MeterRegistry meterRegistry) {
		return new DynaminiMeterObservationHandler(meterRegistry);
	}
}

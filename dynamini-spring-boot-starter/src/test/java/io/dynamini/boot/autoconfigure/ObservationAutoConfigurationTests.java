package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;

/**
 * The starter wires observations when the application has an {@code ObservationRegistry} (the template's operations
 * and requests, the transaction manager's commits) and, with a {@code MeterRegistry}, dynamini's meters;
 * {@code dynamini.observations.enabled=false} turns both off.
 */
class ObservationAutoConfigurationTests extends AbstractEngineContextTests {

	@Test
	void repositoryCallsAreObservedWithTheApplicationsRegistry() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		runner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("dynamini.table.name=t-" + System.nanoTime())
			.run(context -> {
				context.getBean(NoteRepository.class).save(new Note("ann", "observed"));
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("dynamini.operation")
					.that()
					.hasLowCardinalityKeyValue("dynamini.entity", "Note")
					.hasLowCardinalityKeyValue("dynamini.operation", "save")
					.hasLowCardinalityKeyValue("dynamini.outcome", "success");
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("dynamini.request")
					.that()
					.hasLowCardinalityKeyValue("db.system.name", "aws.dynamodb")
					.hasLowCardinalityKeyValue("db.operation.name", "TransactWriteItems");
			});
	}

	@Test
	void theFlagTurnsObservationsOff() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		runner.withBean(ObservationRegistry.class, () -> registry)
			.withConfiguration(AutoConfigurations.of(DynaminiObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("dynamini.table.name=t-" + System.nanoTime(), "dynamini.observations.enabled=false")
			.run(context -> {
				context.getBean(NoteRepository.class).save(new Note("ann", "not observed"));
				TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
				assertThat(context).doesNotHaveBean(DynaminiMeterObservationHandler.class);
			});
	}

	@Test
	void withMetersTheCapacityOfEachEntityAndOperationIsMeasured() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DynaminiMeterObservationHandler(meters));
		runner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("dynamini.table.name=t-" + System.nanoTime())
			.run(context -> {
				NoteRepository notes = context.getBean(NoteRepository.class);
				Note note = notes.save(new Note("ann", "one"));
				note.setText("two");
				notes.save(note);
				notes.findById(note.getId());
				assertThat(meters.get("dynamini.capacity.write").tag("dynamini.entity", "Note")
					.tag("dynamini.operation", "save").summary().count()).isEqualTo(2);
				assertThat(meters.get("dynamini.capacity.write").tag("dynamini.operation", "save").summary().totalAmount())
					.isPositive();
				assertThat(meters.get("dynamini.capacity.read").tag("dynamini.operation", "findById").summary()
					.totalAmount()).isPositive();
			});
	}
}

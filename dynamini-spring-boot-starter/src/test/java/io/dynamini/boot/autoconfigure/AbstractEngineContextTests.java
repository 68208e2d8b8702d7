package io.dynamini.boot.autoconfigure;

import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.test.domain.NoteRepository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Base of starter tests that start application contexts against one embedded engine of their class, with the test
 * domain's package as the application's package (its repositories and every {@code @VersionedEntity} in it). One test
 * instance serves all tests of a class, so subclasses reset their own fields in {@code @BeforeEach}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEngineContextTests {

	/** The engine of this test class (one instance per class: {@code PER_CLASS}). */
	final EmbeddedDynamoDb engine = new EmbeddedDynamoDb(null);

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DynaminiClientAutoConfiguration.class,
				DynaminiDataAutoConfiguration.class, DynaminiRepositoriesAutoConfiguration.class))
		.withUserConfiguration(DomainPackage.class)
		.withPropertyValues("dynamini.endpoint=" + engine.getEndpoint());

	@AutoConfigurationPackage(basePackageClasses = NoteRepository.class)
	@Configuration(proxyBeanMethods = false)
	static class DomainPackage {

	}

	@AfterAll
	void stopEngine() throws Exception {
		engine.close();
	}
}

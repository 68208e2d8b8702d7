package io.dynamini.test.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every test context of a test annotated {@link AutoConfigureDynamini} (directly or through
 * {@link DataDynaminiTest}) a table of its own, so that tests never see each other's data, whatever the
 * application's {@code dynamini.table.name}. Contexts are still cached: one table per cached context.
 */
class FreshTableContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean annotated = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
			.isPresent(AutoConfigureDynamini.class);
		return annotated ? new FreshTable() : null;
	}

	/** Adds {@code dynamini.table.name} (random) and {@code dynamini.table.create=true} ahead of every other source. */
	static final class FreshTable implements ContextCustomizer {

		static final String PROPERTY_SOURCE = "dynaminiTestTable";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource(PROPERTY_SOURCE,
						Map.of("dynamini.table.name", "dynamini-test-" + UUID.randomUUID(), "dynamini.table.create",
								"true")));
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof FreshTable;
		}

		@Override
		public int hashCode() {
			return FreshTable.class.hashCode();
		}
	}
}

package io.dynamini.test.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.SpringBootTestContextBootstrapper;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Bootstraps a {@link DataDynaminiTest}, taking its {@code properties}.
 */
class DataDynaminiTestContextBootstrapper extends SpringBootTestContextBootstrapper {

	@Override
	protected String @Nullable [] getProperties(Class<?> testClass) {
		return MergedAnnotations.from(testClass, SearchStrategy.INHERITED_ANNOTATIONS)
			.get(DataDynaminiTest.class)
			.getValue("properties", String[].class)
			.orElse(null);
	}
}

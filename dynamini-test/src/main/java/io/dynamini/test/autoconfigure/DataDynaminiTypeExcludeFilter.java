package io.dynamini.test.autoconfigure;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Leaves every scanned component of the application out of a {@link DataDynaminiTest}, but those its filters name.
 */
final class DataDynaminiTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<DataDynaminiTest> {

	DataDynaminiTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}
}

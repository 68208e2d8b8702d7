package io.dynamini.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of an application's dynamini repositories, in the style of Spring Boot's data test slices: only dynamini's
 * auto-configuration, the embedded engine (unless {@code dynamini.endpoint} names another one) and the
 * application's repositories, no other components, and a fresh table for each test context.
 *
 * <pre class="code">
 * &#64;DataDynaminiTest
 * class NoteRepositoryTests {
 *
 *     &#64;Autowired NoteRepository notes;
 *
 *     &#64;Test
 *     void keepsEveryRevision() { ... }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(DataDynaminiTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(DataDynaminiTypeExcludeFilter.class)
@AutoConfigureDynamini
@ImportAutoConfiguration
public @interface DataDynaminiTest {

	/** Properties in the form {@code key=value} added to the environment before the test runs. */
	String[] properties() default {};

	/** Whether the default filters apply: then no {@code @Component} of the application is scanned. */
	boolean useDefaultFilters() default true;

	/** Components to add to the test's application context despite the default filters. */
	Filter[] includeFilters() default {};

	/** Components to leave out of the test's application context. */
	Filter[] excludeFilters() default {};

	/** Auto-configuration classes to leave out of this test. */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};
}

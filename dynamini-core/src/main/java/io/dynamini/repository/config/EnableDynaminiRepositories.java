package io.dynamini.repository.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.dynamini.repository.support.DynaminiRepositoryFactoryBean;

import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Import;
import org.springframework.data.repository.config.DefaultRepositoryBaseClass;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.QueryLookupStrategy.Key;

/**
 * Enables dynamini repositories in a plain Spring application: scans the annotated class's package (or the given
 * ones) for interfaces extending {@link io.dynamini.repository.VersionedRepository}. Spring Boot applications
 * using the starter need no annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(DynaminiRepositoriesRegistrar.class)
public @interface EnableDynaminiRepositories {

	/** Alias for {@link #basePackages()}. */
	String[] value() default {};

	/** Packages to scan for repository interfaces. */
	String[] basePackages() default {};

	/** Type-safe alternative to {@link #basePackages()}: the package of each class is scanned. */
	Class<?>[] basePackageClasses() default {};

	/** Which types are eligible for component scanning. */
	Filter[] includeFilters() default {};

	/** Which types are not eligible for component scanning. */
	Filter[] excludeFilters() default {};

	/** Postfix of custom repository implementation classes. */
	String repositoryImplementationPostfix() default "Impl";

	/** Location of named queries (unused by dynamini; present for Spring Data's configuration infrastructure). */
	String namedQueriesLocation() default "";

	/** Key of the query lookup strategy. */
	Key queryLookupStrategy() default QueryLookupStrategy.Key.CREATE_IF_NOT_FOUND;

	/** The factory bean class for each repository. */
	Class<?> repositoryFactoryBeanClass() default DynaminiRepositoryFactoryBean.class;

	/** A custom base class for repositories. */
	Class<?> repositoryBaseClass() default DefaultRepositoryBaseClass.class;

	/** Name of the {@link io.dynamini.core.DynaminiOperations} bean the repositories use. */
	String dynaminiTemplateRef() default "dynaminiTemplate";

	/** Whether repository interfaces nested in other classes are picked up. */
	boolean considerNestedRepositories() default false;
}

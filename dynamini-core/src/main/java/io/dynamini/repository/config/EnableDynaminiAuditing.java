package io.dynamini.repository.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on auditing of dynamini entities: {@code @CreatedDate}, {@code @LastModifiedDate}, {@code @CreatedBy} and
 * {@code @LastModifiedBy} are filled before each save, insert and update; with an {@code AuditorAware}, every
 * revision also records its author ({@code DynaminiRevisionMetadata#getAuthor()}). Needs the
 * {@code DynaminiMappingContext} bean named {@code dynaminiMappingContext} (the starter's).
 */
@Inherited
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import(DynaminiAuditingRegistrar.class)
public @interface EnableDynaminiAuditing {

	/** The name of the {@code AuditorAware} bean; without it, the application's only one (if any). */
	String auditorAwareRef() default "";

	/** Whether the creation and modification dates are set. */
	boolean setDates() default true;

	/** Whether a new entity's modification properties are set too. */
	boolean modifyOnCreate() default true;

	/** The name of the {@code DateTimeProvider} bean that supplies the dates; without it, the current time. */
	String dateTimeProviderRef() default "";
}

package io.dynamini.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.data.annotation.Persistent;

/**
 * Marks a class whose instances dynamini stores, with their full revision history, in the single table.
 *
 * <p>The entity needs a Spring Data {@link org.springframework.data.annotation.Id @Id} and a
 * {@link org.springframework.data.annotation.Version @Version} property of type {@code Long} or {@code long}.
 */
@Persistent
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface VersionedEntity {

	/**
	 * The entity type name used in keys; defaults to the simple class name. Changing it after data was written
	 * orphans that data, so pin it when a class may be renamed.
	 */
	String value() default "";
}

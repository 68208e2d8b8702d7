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

	/**
	 * How long a revision stays readable after a newer one superseded it, as an ISO-8601 duration ({@code "P90D"},
	 * {@code "PT12H"}); empty (the default) for no time limit. With {@link #keepRevisions()} as well, a revision is
	 * kept while either keeps it. Declaring either attribute replaces the defaults {@code dynamini.history.retain}
	 * and {@code dynamini.history.keep-revisions} for this type. The current revision is always kept; dropped
	 * revisions are invisible at once and deleted by DynamoDB's TTL later.
	 */
	String retainHistory() default "";

	/**
	 * How many of the newest revisions stay readable, the current one included; {@code 0} (the default) for no count
	 * limit. See {@link #retainHistory()}.
	 */
	int keepRevisions() default 0;
}

package io.dynamini.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a property into a global secondary index of the single table, so that derived queries comparing it for
 * equality ({@code findByOwner(String owner)}) are one DynamoDB Query instead of a Scan.
 *
 * <p>Only the latest state of live entities is indexed: history and deleted entities never appear in an index.
 * Within one property value, results come in the order of {@link #sortBy()}, or in creation order when it is not
 * set; range conditions ({@code Between}, {@code After}, {@code LessThan}, {@code StartingWith}, ...) on the
 * {@code sortBy} property are key conditions of the same Query.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE, ElementType.RECORD_COMPONENT })
public @interface Indexed {

	/**
	 * Name of the property that orders results within one value of the indexed property and takes range
	 * conditions; empty (the default) orders by creation.
	 */
	String sortBy() default "";

	/**
	 * The generic index ({@code gsi1} to {@code gsi5}) this property uses; 0 (the default) assigns the indexed
	 * properties of an entity to free slots in the order of their names. Pin slots when adding an indexed property
	 * to an entity that already has data, so existing properties keep theirs.
	 */
	int slot() default 0;
}

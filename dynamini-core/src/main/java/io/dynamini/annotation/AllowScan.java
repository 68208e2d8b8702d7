package io.dynamini.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a derived query method that no index can serve read every live entity of its type in the current tenant
 * and filter them. Without it such a method fails at startup: dynamini never scans by accident. Even with it,
 * dynamini reads only this entity type in this tenant (a Query on the type index), never the whole table.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AllowScan {

}

package io.dynamini.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link java.time.Instant} property after which a versioned entity expires: from that instant on it reads
 * as absent everywhere (by id, {@code existsById}, listings, queries, counts and its history), and DynamoDB deletes
 * its items later through the table's TTL. A {@code null} value means the entity does not expire; a save may move
 * or clear the expiry of a live entity.
 *
 * <p>A new entity saved under the id of an expired one starts a new history: its revision numbers continue after the
 * expired entity's (as after a purge), so no copy from before the expiry can be saved again, and the expired
 * entity's revisions are never shown with it. With the change feed, the deletion of an expired entity's latest item by
 * DynamoDB's TTL is published as one {@code ChangeType.EXPIRE} event. See docs/design.md, "Entity expiry".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE, ElementType.RECORD_COMPONENT })
public @interface ExpiresAt {

}

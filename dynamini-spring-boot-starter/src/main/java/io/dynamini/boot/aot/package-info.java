/**
 * Spring AOT support of the starter: runtime hints for the application's {@code @VersionedEntity} classes.
 */
@NullMarked
package io.dynamini.boot.aot;

import org.jspecify.annotations.NullMarked;

/**
 * Entity callbacks of dynamini's write and read paths (Spring Data's {@code EntityCallback} API), in the order of
 * spring-data-cassandra's: {@link io.dynamini.core.mapping.event.BeforeConvertCallback},
 * {@link io.dynamini.core.mapping.event.BeforeSaveCallback}, {@link io.dynamini.core.mapping.event.AfterSaveCallback}
 * on writes; {@link io.dynamini.core.mapping.event.AfterConvertCallback} on reads.
 */
@NullMarked
package io.dynamini.core.mapping.event;

import org.jspecify.annotations.NullMarked;

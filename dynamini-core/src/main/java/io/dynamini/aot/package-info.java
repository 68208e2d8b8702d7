/**
 * What Spring's AOT processing (and a GraalVM native image) needs to know of dynamini.
 */
@NullMarked
package io.dynamini.aot;

import org.jspecify.annotations.NullMarked;

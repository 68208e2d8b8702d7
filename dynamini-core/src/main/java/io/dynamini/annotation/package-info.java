/**
 * Annotations that users put on their entity classes.
 */
@NullMarked
package io.dynamini.annotation;

import org.jspecify.annotations.NullMarked;

/**
 * Mapping metadata for entities stored by dynamini, built on Spring Data's mapping context.
 */
@NullMarked
package io.dynamini.core.mapping;

import org.jspecify.annotations.NullMarked;

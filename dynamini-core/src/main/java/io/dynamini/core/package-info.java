/**
 * The template that stores versioned entities in the single table, the table's administration and the
 * translation of DynamoDB errors into Spring's {@code DataAccessException} hierarchy.
 */
@NullMarked
package io.dynamini.core;

import org.jspecify.annotations.NullMarked;

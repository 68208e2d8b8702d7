/**
 * Conversion between entities and DynamoDB attribute values.
 */
@NullMarked
package io.dynamini.core.convert;

import org.jspecify.annotations.NullMarked;

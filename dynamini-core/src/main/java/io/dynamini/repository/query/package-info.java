/**
 * Derived query methods, planned onto the table's indexes at startup.
 */
@NullMarked
package io.dynamini.repository.query;

import org.jspecify.annotations.NullMarked;

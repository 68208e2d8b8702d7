/**
 * The repository implementation and the factory that creates it.
 */
@NullMarked
package io.dynamini.repository.support;

import org.jspecify.annotations.NullMarked;

/**
 * The repository interface users extend.
 */
@NullMarked
package io.dynamini.repository;

import org.jspecify.annotations.NullMarked;

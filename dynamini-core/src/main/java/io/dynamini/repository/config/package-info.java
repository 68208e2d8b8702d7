/**
 * Repository scanning for plain Spring applications.
 */
@NullMarked
package io.dynamini.repository.config;

import org.jspecify.annotations.NullMarked;

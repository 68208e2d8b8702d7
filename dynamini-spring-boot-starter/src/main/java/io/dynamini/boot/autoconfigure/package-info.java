/**
 * Spring Boot auto-configuration of dynamini.
 */
@NullMarked
package io.dynamini.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;

/**
 * Multi-tenancy: how one table serves many applications without them seeing each other.
 */
@NullMarked
package io.dynamini.tenant;

import org.jspecify.annotations.NullMarked;

/**
 * Leases with fencing tokens, kept in the dynamini table: one holder at a time per name and tenant, and writes fenced
 * with a lease refused once it is lost.
 */
@NullMarked
package io.dynamini.lease;

import org.jspecify.annotations.NullMarked;

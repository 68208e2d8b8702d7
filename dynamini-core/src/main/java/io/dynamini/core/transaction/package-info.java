/**
 * Spring transaction management for dynamini: many entity writes, one TransactWriteItems.
 */
@NullMarked
package io.dynamini.core.transaction;

import org.jspecify.annotations.NullMarked;

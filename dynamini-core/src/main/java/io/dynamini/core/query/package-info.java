/**
 * Queries that DynamoDB answers with key conditions on the table's indexes.
 */
@NullMarked
package io.dynamini.core.query;

import org.jspecify.annotations.NullMarked;

/**
 * The change feed: every revision as a Spring application event, read from the table's DynamoDB stream.
 */
@NullMarked
package io.dynamini.changes;

import org.jspecify.annotations.NullMarked;

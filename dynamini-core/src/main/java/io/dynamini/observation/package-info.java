/**
 * Micrometer observations of dynamini: one {@code dynamini.operation} per repository or {@code DynaminiOperations}
 * call, with one {@code dynamini.request} child per DynamoDB request it sends (OpenTelemetry's DynamoDB conventions),
 * and the capacity each consumed.
 */
@NullMarked
package io.dynamini.observation;

import org.jspecify.annotations.NullMarked;

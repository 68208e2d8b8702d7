/**
 * dynamini's own DynamoDB engine, the public surface: {@link io.dynamini.embedded.EmbeddedDynamoDb} (the engine and
 * its builder), {@link io.dynamini.embedded.EmbeddedDynamoDbServer} (the engine as a program) and
 * {@link io.dynamini.embedded.Faults} (fault injection). Everything else lives in the packages that say what it is:
 * {@code protocol} (HTTP, JSON, errors), {@code operations} (one class per operation family, the table of contents),
 * {@code expressions}, {@code values}, {@code tables}, {@code storage}, {@code streams}, {@code ttl}, {@code faults}.
 */
@NullMarked
package io.dynamini.embedded;

import org.jspecify.annotations.NullMarked;

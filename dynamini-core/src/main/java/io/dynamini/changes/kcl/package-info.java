/**
 * The change feed in {@code kcl} mode: the Kinesis Client Library (3.x) with the DynamoDB Streams Kinesis Adapter
 * shares the stream's shards between the instances of a consumer group. Needs
 * {@code software.amazon.kinesis:amazon-kinesis-client} and {@code com.amazonaws:dynamodb-streams-kinesis-adapter}.
 */
@NullMarked
package io.dynamini.changes.kcl;

import org.jspecify.annotations.NullMarked;

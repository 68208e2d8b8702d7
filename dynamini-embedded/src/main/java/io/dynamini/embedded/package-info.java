/**
 * The embedded DynamoDB engine: DynamoDB Local in-process, on the loopback interface, with its native library.
 */
@NullMarked
package io.dynamini.embedded;

import org.jspecify.annotations.NullMarked;

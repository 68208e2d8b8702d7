/**
 * The change feed as a Lambda function: {@link io.dynamini.changes.lambda.DynaminiStreamsHandler}.
 */
@NullMarked
package io.dynamini.changes.lambda;

import org.jspecify.annotations.NullMarked;

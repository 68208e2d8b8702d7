/**
 * DynamoDB-mini, the versioned multi-application JSON store server, re-created on dynamini.
 */
@NullMarked
package io.dynamini.sample;

import org.jspecify.annotations.NullMarked;

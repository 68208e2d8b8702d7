package io.dynamini.boot.autoconfigure;

import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Adjusts the auto-configured {@code DynamoDbClient} before it is built; every bean of this type is applied in
 * order.
 */
@FunctionalInterface
public interface DynaminiClientCustomizer {

	void customize(DynamoDbClientBuilder builder);
}

package io.dynamini.core;

import java.time.Instant;

import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.DynaminiPersistentProperty;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * How an {@code @ExpiresAt} instant is stored: epoch milliseconds, truncated (an entity is expired from the
 * millisecond that holds its instant on). An instant too late for epoch milliseconds ({@link Instant#MAX} among them:
 * after the year 292,278,994) means "never"; one too early is refused, naming the property.
 */
final class ExpiryInstants {

	private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

	private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

	private ExpiryInstants() {
	}

	/**
	 * @return the instant in epoch milliseconds, or {@code null} for "never" (later than epoch milliseconds reach)
	 * @throws InvalidDataAccessApiUsageException if the instant is earlier than epoch milliseconds reach
	 */
	static @Nullable Long toEpochMilli(Instant instant, DynaminiPersistentEntity<?> entity, DynaminiPersistentProperty property) {
		if (instant.isAfter(LATEST)) {
			return null;
		}
		if (instant.isBefore(EARLIEST)) {
			throw new InvalidDataAccessApiUsageException("The @ExpiresAt property '%s' of %s is %s, earlier than any "
				.formatted(property.getName(), entity.getType().getSimpleName(), instant)
					+ "instant DynamoDB's TTL can hold; use an instant after " + EARLIEST + ", or null for no expiry");
		}
		return instant.toEpochMilli();
	}
}

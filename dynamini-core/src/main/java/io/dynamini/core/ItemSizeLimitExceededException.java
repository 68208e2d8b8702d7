package io.dynamini.core;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Thrown when an entity's item would exceed DynamoDB's 400 KB item size limit; nothing was written.
 */
public class ItemSizeLimitExceededException extends DataIntegrityViolationException {

	public ItemSizeLimitExceededException(String message) {
		super(message);
	}

	public ItemSizeLimitExceededException(String message, Throwable cause) {
		super(message, cause);
	}
}

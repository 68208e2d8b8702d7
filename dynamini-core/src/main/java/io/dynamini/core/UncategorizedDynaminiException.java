package io.dynamini.core;

import org.springframework.dao.UncategorizedDataAccessException;

/**
 * A DynamoDB error that fits no more specific {@link org.springframework.dao.DataAccessException}.
 */
public class UncategorizedDynaminiException extends UncategorizedDataAccessException {

	public UncategorizedDynaminiException(String message, Throwable cause) {
		super(message, cause);
	}
}

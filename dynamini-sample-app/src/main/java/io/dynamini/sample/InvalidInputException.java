package io.dynamini.sample;

/**
 * The request's input breaks a rule of DynamoDB-mini's (a name, a value, a page, an instant).
 */
public class InvalidInputException extends RuntimeException {

	public InvalidInputException(String detail) {
		super(detail);
	}
}

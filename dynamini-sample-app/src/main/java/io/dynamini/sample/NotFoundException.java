package io.dynamini.sample;

/**
 * The item does not exist, or not for this user, collection or application (which look the same from outside).
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String what) {
		super(what + " not found");
	}
}

package io.dynamini.sample;

/**
 * The write named versions ({@code If-Match}) and the item is at none of them; nothing was changed.
 */
public class VersionMismatchException extends RuntimeException {

	public VersionMismatchException(long current) {
		super("If-Match does not match the current version " + current + "; nothing was changed");
	}
}

package io.dynamini.lease;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * The lease is no longer held: it expired by the holder's own clock, another holder took it over, or it was
 * released. A write fenced with it was refused and nothing was written.
 */
public class LeaseLostException extends ConcurrencyFailureException {

	public LeaseLostException(String message) {
		super(message);
	}

	public LeaseLostException(String message, Throwable cause) {
		super(message, cause);
	}
}

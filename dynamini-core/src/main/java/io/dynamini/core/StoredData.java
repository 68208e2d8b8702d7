package io.dynamini.core;

import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataRetrievalFailureException;

/**
 * Turns a failure to decode what the table holds (a malformed ULID, a state the mapping cannot read, a missing
 * attribute) into a {@link DataRetrievalFailureException} naming what was being read, so that callers only ever
 * see Spring's {@link DataAccessException}s.
 */
final class StoredData {

	private StoredData() {
	}

	/**
	 * @param context what is being read, for the message; built only when decoding fails (this runs per item read)
	 */
	static <R> R decode(Supplier<String> context, Supplier<R> decoding) {
		try {
			return decoding.get();
		}
		catch (DataAccessException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new DataRetrievalFailureException(
					"%s: the stored data cannot be read (%s)".formatted(context.get(), ex.getMessage() != null ? ex.getMessage()
							: ex.getClass().getSimpleName()), ex);
		}
	}
}

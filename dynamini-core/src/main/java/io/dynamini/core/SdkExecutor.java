package io.dynamini.core;

import java.util.function.Function;

import org.springframework.dao.DataAccessException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The single path of every DynamoDB call dynamini makes: runs it and translates SDK exceptions into
 * {@link DataAccessException}s whose message starts with a context such as {@code "save of Note '42'"}.
 */
final class SdkExecutor {

	private final DynamoDbClient client;

	private final DynaminiExceptionTranslator exceptionTranslator = new DynaminiExceptionTranslator();

	SdkExecutor(DynamoDbClient client) {
		this.client = client;
	}

	<R> R execute(String context, Function<DynamoDbClient, R> call) {
		try {
			return call.apply(client);
		}
		catch (RuntimeException ex) {
			DataAccessException translated = exceptionTranslator.translate(ex, context);
			if (translated != null) {
				throw translated;
			}
			throw ex;
		}
	}

	/**
	 * Translates an SDK exception that a caller caught inside {@link #execute} to inspect it first.
	 */
	DataAccessException translate(RuntimeException ex, String context) {
		DataAccessException translated = exceptionTranslator.translate(ex, context);
		return translated != null ? translated : new UncategorizedDynaminiException(context + ": " + ex.getMessage(), ex);
	}
}

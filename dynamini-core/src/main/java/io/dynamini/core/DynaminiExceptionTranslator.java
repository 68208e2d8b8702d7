package io.dynamini.core;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Translates AWS SDK exceptions into Spring's {@link DataAccessException} hierarchy; returns {@code null} for
 * exceptions that are not the SDK's, as {@link PersistenceExceptionTranslator} requires.
 *
 * <p>Conditional-check failures that mean a version conflict are handled where the entity and version are known
 * (the template); a raw one reaching this class becomes a {@link ConcurrencyFailureException}.
 */
public class DynaminiExceptionTranslator implements PersistenceExceptionTranslator {

	@Override
	public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		return translate(ex, null);
	}

	/**
	 * Runs {@code call} and throws what it throws translated (with {@code context} in front of the message) when it
	 * is an SDK exception, as it is otherwise.
	 */
	public <R> R execute(String context, Supplier<R> call) {
		try {
			return retryingConflicts(call);
		}
		catch (RuntimeException ex) {
			DataAccessException translated = translate(ex, context);
			throw translated != null ? translated : ex;
		}
	}

	/**
	 * How long a single-item request is sent again while a transaction holds its item, before it counts as a conflict:
	 * DynamoDB's transactions finish in milliseconds, so this is patience for a stalled one.
	 */
	static final long CONFLICT_PATIENCE_NANOS = java.time.Duration.ofSeconds(2).toNanos();

	/**
	 * Runs a request, sending it again (with growing, jittered pauses) while DynamoDB refuses it with
	 * {@code TransactionConflictException}: a plain write of an item an in-flight transaction holds, which was not
	 * applied and which DynamoDB asks clients to retry (the SDK does not). After {@link #CONFLICT_PATIENCE_NANOS} the
	 * exception stands (a {@code ConcurrencyFailureException} once translated).
	 */
	static <R> R retryingConflicts(Supplier<R> call) {
		long deadline = System.nanoTime() + CONFLICT_PATIENCE_NANOS;
		for (int attempt = 1;; attempt++) {
			try {
				return call.get();
			}
			catch (TransactionConflictException conflict) {
				if (System.nanoTime() >= deadline) {
					throw conflict;
				}
				Backoff.pause(attempt, 5, 100);
			}
		}
	}

	/**
	 * Runs a conditional write through {@link #execute}.
	 *
	 * @return whether it applied; {@code false} if its condition failed
	 */
	public boolean executeConditional(String context, Runnable write) {
		return execute(context, () -> {
			try {
				write.run();
				return true;
			}
			catch (ConditionalCheckFailedException ex) {
				return false;
			}
		});
	}

	/**
	 * Translates with a context (for example {@code "save of Note '42'"}) put in front of the message.
	 */
	public @Nullable DataAccessException translate(RuntimeException ex, @Nullable String context) {
		if (!(ex instanceof SdkException sdk)) {
			return null;
		}
		String message = (context == null ? "" : context + ": ") + messageOf(sdk);
		if (ex instanceof ProvisionedThroughputExceededException || ex instanceof RequestLimitExceededException
				|| ex instanceof LimitExceededException || isThrottling(sdk)) {
			return new TransientDataAccessResourceException("Throttled after retries; " + message, ex);
		}
		if (ex instanceof TransactionCanceledException cancelled) {
			return translateCancellation(cancelled, message);
		}
		if (ex instanceof ConditionalCheckFailedException || ex instanceof TransactionConflictException) {
			return new ConcurrencyFailureException(message, ex);
		}
		if (ex instanceof TransactionInProgressException) {
			// not transient: repeating the change could apply it twice; dynamini's own writes resolve it first
			return new DataAccessResourceFailureException(
					message + "; the outcome of the transaction is unknown, read before repeating the change", ex);
		}
		if (ex instanceof IdempotentParameterMismatchException) {
			return new InvalidDataAccessApiUsageException(message, ex);
		}
		if (ex instanceof ResourceNotFoundException) {
			return new InvalidDataAccessResourceUsageException(message, ex);
		}
		if (ex instanceof InternalServerErrorException) {
			return new DataAccessResourceFailureException(message, ex);
		}
		if (ex instanceof ApiCallTimeoutException || ex instanceof ApiCallAttemptTimeoutException) {
			return new QueryTimeoutException(message, ex);
		}
		if (ex instanceof DynamoDbException dynamo) {
			String code = dynamo.awsErrorDetails() == null ? null : dynamo.awsErrorDetails().errorCode();
			int status = dynamo.statusCode();
			if ("ValidationException".equals(code) && isItemTooLarge(dynamo)) {
				return new ItemSizeLimitExceededException(message, ex);
			}
			if ("ValidationException".equals(code) || "SerializationException".equals(code)) {
				return new InvalidDataAccessApiUsageException(message, ex);
			}
			if ("AccessDeniedException".equals(code) || "UnrecognizedClientException".equals(code)
					|| status == 401 || status == 403) {
				return new PermissionDeniedDataAccessException(message, ex);
			}
			if (status >= 500) {
				return new DataAccessResourceFailureException(message, ex);
			}
			return new UncategorizedDynaminiException(message, ex);
		}
		if (ex instanceof AbortedException || ex instanceof SdkClientException) {
			return new DataAccessResourceFailureException(message, ex);
		}
		return new UncategorizedDynaminiException(message, ex);
	}

	/**
	 * A cancelled transaction is classified by its reasons: invalid, over a limit or throttled are each their own
	 * class; only conflicts and failed conditions are concurrency failures; a reason dynamini does not know is
	 * uncategorized rather than presumed transient.
	 */
	private static DataAccessException translateCancellation(TransactionCanceledException ex, String message) {
		List<CancellationReason> reasons = ex.hasCancellationReasons() ? ex.cancellationReasons() : List.of();
		boolean concurrent = false;
		for (CancellationReason reason : reasons) {
			String code = reason.code();
			if (code == null || code.equals("None")) {
				continue;
			}
			String detail = message + " (" + code + ": " + reason.message() + ")";
			switch (code) {
				case "ValidationError" -> {
					String text = String.valueOf(reason.message());
					return text.toLowerCase(Locale.ROOT).contains("item size")
							? new ItemSizeLimitExceededException(detail, ex)
							: new InvalidDataAccessApiUsageException(detail, ex);
				}
				case "ItemCollectionSizeLimitExceeded" -> {
					return new DataIntegrityViolationException(detail
							+ "; the entity's items exceed DynamoDB's 10 GB per partition key of a table with a local index", ex);
				}
				case "ProvisionedThroughputExceeded", "ThrottlingError" -> {
					return new TransientDataAccessResourceException("Throttled after retries; " + detail, ex);
				}
				case "TransactionConflict", "ConditionalCheckFailed" -> concurrent = true;
				default -> {
					return new UncategorizedDynaminiException(detail, ex);
				}
			}
		}
		return concurrent ? new ConcurrencyFailureException(message, ex) : new UncategorizedDynaminiException(message, ex);
	}

	private static boolean isThrottling(SdkException ex) {
		if (ex instanceof DynamoDbException dynamo && dynamo.awsErrorDetails() != null) {
			String code = dynamo.awsErrorDetails().errorCode();
			return "ThrottlingException".equals(code) || "Throttling".equals(code)
					|| "ProvisionedThroughputExceededException".equals(code);
		}
		return false;
	}

	static boolean isItemTooLarge(DynamoDbException ex) {
		String text = ex.getMessage();
		return text != null && (text.contains("Item size has exceeded") || text.contains("item size has exceeded")
				|| text.contains("Item size to update has exceeded"));
	}

	private static String messageOf(SdkException ex) {
		if (ex instanceof DynamoDbException dynamo && dynamo.awsErrorDetails() != null
				&& dynamo.awsErrorDetails().errorMessage() != null) {
			return dynamo.awsErrorDetails().errorMessage();
		}
		return String.valueOf(ex.getMessage());
	}
}

package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

class DynaminiExceptionTranslatorUnitTests {

	final DynaminiExceptionTranslator translator = new DynaminiExceptionTranslator();

	@Test
	void throttlingAfterRetriesIsTransient() {
		assertThat(translator.translate(ProvisionedThroughputExceededException.builder().message("slow down").build(),
				"save of Note '1'"))
			.isInstanceOf(TransientDataAccessResourceException.class)
			.hasMessageContaining("save of Note '1'")
			.hasMessageContaining("slow down");
		assertThat(translator.translateExceptionIfPossible(error("ThrottlingException", "Rate exceeded", 400)))
			.isInstanceOf(TransientDataAccessResourceException.class);
	}

	@Test
	void missingTableIsInvalidResourceUsage() {
		assertThat(translator.translateExceptionIfPossible(ResourceNotFoundException.builder().message("no table").build()))
			.isInstanceOf(InvalidDataAccessResourceUsageException.class);
	}

	@Test
	void oversizedItemIsItsOwnException() {
		assertThat(translator.translateExceptionIfPossible(
				error("ValidationException", "Item size has exceeded the maximum allowed size", 400)))
			.isInstanceOf(ItemSizeLimitExceededException.class);
		assertThat(translator.translateExceptionIfPossible(error("ValidationException", "bad expression", 400)))
			.isInstanceOf(InvalidDataAccessApiUsageException.class);
	}

	@Test
	void networkAndServerFailuresAreResourceFailures() {
		assertThat(translator.translateExceptionIfPossible(SdkClientException.create("connection refused")))
			.isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(translator.translateExceptionIfPossible(error("InternalFailure", "boom", 500)))
			.isInstanceOf(DataAccessResourceFailureException.class);
	}

	@Test
	void accessDeniedIsPermissionDenied() {
		assertThat(translator.translateExceptionIfPossible(error("AccessDeniedException", "no", 400)))
			.isInstanceOf(PermissionDeniedDataAccessException.class);
	}

	@Test
	void cancelledTransactionsAreConflictsUnlessAnActionWasInvalidOrThrottled() {
		assertThat(translator.translateExceptionIfPossible(cancelled("ConditionalCheckFailed", "failed")))
			.isInstanceOf(ConcurrencyFailureException.class);
		assertThat(translator.translateExceptionIfPossible(cancelled("ValidationError", "Item size has exceeded the maximum")))
			.isInstanceOf(ItemSizeLimitExceededException.class);
		assertThat(translator.translateExceptionIfPossible(cancelled("ValidationError", "bad value")))
			.isInstanceOf(InvalidDataAccessApiUsageException.class);
		assertThat(translator.translateExceptionIfPossible(cancelled("ThrottlingError", "slow down")))
			.isInstanceOf(TransientDataAccessResourceException.class);
	}

	@Test
	void permanentOrUnknownCancellationReasonsAreNeverReportedAsTransient() {
		assertThat(translator.translateExceptionIfPossible(cancelled("ItemCollectionSizeLimitExceeded", "10 GB")))
			.isInstanceOf(DataIntegrityViolationException.class)
			.isNotInstanceOf(TransientDataAccessException.class)
			.hasMessageContaining("10 GB");
		assertThat(translator.translateExceptionIfPossible(cancelled("SomethingNew", "?")))
			.isInstanceOf(UncategorizedDynaminiException.class)
			.hasMessageContaining("SomethingNew");
		assertThat(translator.translateExceptionIfPossible(cancelled("TransactionConflict", "busy")))
			.isInstanceOf(ConcurrencyFailureException.class);
	}

	@Test
	void aTransactionInProgressIsNotPresentedAsRetryable() {
		DataAccessException translated = translator.translateExceptionIfPossible(
				TransactionInProgressException.builder().message("in progress").build());
		assertThat(translated).isInstanceOf(DataAccessResourceFailureException.class)
			.isNotInstanceOf(TransientDataAccessException.class)
			.hasMessageContaining("outcome of the transaction is unknown");
	}

	private static TransactionCanceledException cancelled(String code, String message) {
		return TransactionCanceledException.builder()
			.message("Transaction cancelled")
			.cancellationReasons(CancellationReason.builder().code("None").build(),
					CancellationReason.builder().code(code).message(message).build())
			.build();
	}

	@Test
	void foreignExceptionsAreNotTranslated() {
		assertThat(translator.translateExceptionIfPossible(new IllegalStateException("not ours"))).isNull();
	}

	private static DynamoDbException error(String code, String message, int status) {
		return (DynamoDbException) DynamoDbException.builder()
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
			.statusCode(status)
			.message(message)
			.build();
	}

	@Test
	void executeTranslatesSdkFailuresWithItsContextAndConditionalWritesReportAFailedCondition() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> translator.execute("read of lease x", () -> {
			throw ProvisionedThroughputExceededException.builder().message("slow down").build();
		})).isInstanceOf(TransientDataAccessResourceException.class).hasMessageContaining("read of lease x");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> translator.execute("any", () -> {
			throw new IllegalStateException("not the SDK's");
		})).isExactlyInstanceOf(IllegalStateException.class);
		assertThat(translator.execute("any", () -> 42)).isEqualTo(42);

		assertThat(translator.executeConditional("renewal", () -> {
		})).isTrue();
		assertThat(translator.executeConditional("renewal", () -> {
			throw software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.builder()
				.message("condition")
				.build();
		})).isFalse();
	}
}

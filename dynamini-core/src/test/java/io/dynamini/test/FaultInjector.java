package io.dynamini.test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Fails attempts of one DynamoDB operation on purpose: before sending (throttling, nothing reaches the engine) or
 * after the engine applied the request (a lost response, as on a timeout), so that tests can prove what the
 * library does with the SDK's retries.
 */
public final class FaultInjector implements ExecutionInterceptor {

	private final AtomicInteger throttles = new AtomicInteger();

	private final AtomicInteger lostResponses = new AtomicInteger();

	private final AtomicInteger throttledCancellations = new AtomicInteger();

	private final AtomicInteger inProgress = new AtomicInteger();

	private final AtomicInteger injected = new AtomicInteger();

	private volatile String operation = "TransactWriteItems";

	/** Fails the next {@code count} attempts of {@code operation} with throttling, before they are sent. */
	public void throttle(String operation, int count) {
		this.operation = operation;
		throttles.set(count);
	}

	/** Drops the response of the next {@code count} attempts of {@code operation}, after the engine applied them. */
	public void loseResponses(String operation, int count) {
		this.operation = operation;
		lostResponses.set(count);
	}

	/**
	 * Cancels the next {@code count} transactions with a throttling reason before they are sent, as DynamoDB does
	 * when one of their items is throttled; the SDK does not retry these.
	 */
	public void cancelForThrottling(int count) {
		this.operation = "TransactWriteItems";
		throttledCancellations.set(count);
	}

	/**
	 * Answers the next {@code count} transactions, after the engine applied them, with
	 * {@code TransactionInProgressException}, as DynamoDB does while an attempt with the same token still runs.
	 */
	public void reportInProgress(int count) {
		this.operation = "TransactWriteItems";
		inProgress.set(count);
	}

	public void reset() {
		throttles.set(0);
		lostResponses.set(0);
		throttledCancellations.set(0);
		inProgress.set(0);
		injected.set(0);
	}

	/** @return how many faults were injected */
	public int injected() {
		return injected.get();
	}

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		if (matches(attributes) && throttles.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			injected.incrementAndGet();
			throw ProvisionedThroughputExceededException.builder()
				.message("injected throttling")
				.statusCode(400)
				.awsErrorDetails(AwsErrorDetails.builder()
					.errorCode("ProvisionedThroughputExceededException")
					.errorMessage("injected throttling")
					.build())
				.build();
		}
	}

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		if (matches(attributes) && throttledCancellations.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			injected.incrementAndGet();
			throw TransactionCanceledException.builder()
				.message("injected: Transaction cancelled [ThrottlingError, None]")
				.statusCode(400)
				.awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").build())
				.cancellationReasons(CancellationReason.builder().code("ThrottlingError").message("injected").build(),
						CancellationReason.builder().code("None").build())
				.build();
		}
	}

	@Override
	public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
		if (matches(attributes) && inProgress.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			injected.incrementAndGet();
			throw TransactionInProgressException.builder()
				.message("injected: transaction in progress")
				.statusCode(400)
				.awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionInProgressException").build())
				.build();
		}
		if (matches(attributes) && lostResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			injected.incrementAndGet();
			throw lostResponse();
		}
	}

	/** @return what the SDK sees when the response to an applied request is lost (a read timeout) */
	public static SdkClientException lostResponse() {
		return SdkClientException.builder()
			.message("injected: response lost after the request was applied")
			.cause(new IOException("injected read timeout"))
			.build();
	}

	private boolean matches(ExecutionAttributes attributes) {
		return operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
	}
}

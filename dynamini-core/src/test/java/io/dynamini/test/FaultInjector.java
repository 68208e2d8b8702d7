package io.dynamini.test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Fails attempts of one DynamoDB operation on purpose: before sending (throttling, nothing reaches the engine) or
 * after the engine applied the request (a lost response, as on a timeout), so that tests can prove what the
 * library does with the SDK's retries.
 */
public final class FaultInjector implements ExecutionInterceptor {

	private final AtomicInteger throttles = new AtomicInteger();

	private final AtomicInteger lostResponses = new AtomicInteger();

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

	public void reset() {
		throttles.set(0);
		lostResponses.set(0);
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
	public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
		if (matches(attributes) && lostResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			injected.incrementAndGet();
			throw SdkClientException.builder()
				.message("injected: response lost after the request was applied")
				.cause(new IOException("injected read timeout"))
				.build();
		}
	}

	private boolean matches(ExecutionAttributes attributes) {
		return operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
	}
}

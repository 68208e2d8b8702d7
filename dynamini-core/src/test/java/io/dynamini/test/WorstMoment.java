package io.dynamini.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Runs another writer's work at the worst moment of a protocol: just before the n-th attempt of an operation is
 * sent (after this writer decided what to write), or just after the engine applied it (before this writer hears
 * back). The work runs once, on the calling thread, with a client of its own (it must not go through this
 * interceptor).
 */
public final class WorstMoment implements ExecutionInterceptor {

	private final List<Step> steps = new ArrayList<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private record Step(String operation, int attempt, boolean afterApplied, Runnable work) {
	}

	/** Runs {@code work} before the {@code attempt}-th (1-based) attempt of {@code operation} is sent. */
	public synchronized WorstMoment before(String operation, int attempt, Runnable work) {
		steps.add(new Step(operation, attempt, false, work));
		return this;
	}

	/** Runs {@code work} after the engine applied the {@code attempt}-th attempt of {@code operation}. */
	public synchronized WorstMoment afterApplied(String operation, int attempt, Runnable work) {
		steps.add(new Step(operation, attempt, true, work));
		return this;
	}

	/** Forgets the steps and the attempts counted. */
	public synchronized void reset() {
		steps.clear();
		attempts.set(0);
	}

	/** Counts attempts of every operation named in a step, for the steps' numbering. */
	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		if (matchesAny(operation)) {
			int attempt = attempts.incrementAndGet();
			attributes.putAttribute(ATTEMPT, attempt);
			run(operation, attempt, false);
		}
	}

	@Override
	public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
		Integer attempt = attributes.getAttribute(ATTEMPT);
		if (attempt != null) {
			run(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), attempt, true);
		}
	}

	private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Integer> ATTEMPT =
			new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("WorstMoment.attempt");

	private synchronized boolean matchesAny(String operation) {
		return steps.stream().anyMatch(step -> step.operation().equals(operation));
	}

	private void run(String operation, int attempt, boolean afterApplied) {
		List<Runnable> due = new ArrayList<>();
		synchronized (this) {
			steps.removeIf(step -> {
				boolean now = step.operation().equals(operation) && step.attempt() == attempt
						&& step.afterApplied() == afterApplied;
				if (now) {
					due.add(step.work());
				}
				return now;
			});
		}
		due.forEach(Runnable::run);
	}

	/** @return a runnable that runs the supplier and ignores its result */
	public static Runnable run(Supplier<?> work) {
		return work::get;
	}
}

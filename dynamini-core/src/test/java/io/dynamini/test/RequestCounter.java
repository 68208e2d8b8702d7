package io.dynamini.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts DynamoDB requests per operation, HTTP attempts (retries included) and consumed capacity units, as an SDK
 * {@link ExecutionInterceptor}: what a user pays for.
 */
public final class RequestCounter implements ExecutionInterceptor {

	private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

	private final AtomicLong attempts = new AtomicLong();

	private final DoubleAdder capacity = new DoubleAdder();

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		attempts.incrementAndGet();
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
		String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		calls.computeIfAbsent(operation, key -> new AtomicLong()).incrementAndGet();
		capacity.add(capacityOf(context.response()));
	}

	public void reset() {
		calls.clear();
		attempts.set(0);
		capacity.reset();
	}

	/** @return completed calls of one operation, for example {@code "Query"} */
	public long count(String operation) {
		AtomicLong count = calls.get(operation);
		return count == null ? 0 : count.get();
	}

	/** @return completed calls of all operations */
	public long total() {
		return calls.values().stream().mapToLong(AtomicLong::get).sum();
	}

	/** @return HTTP attempts, retries included */
	public long attempts() {
		return attempts.get();
	}

	/** @return consumed capacity units reported by DynamoDB */
	public double capacityUnits() {
		return capacity.sum();
	}

	/** @return the operations seen, as {@code name=count} */
	public Map<String, Long> snapshot() {
		Map<String, Long> copy = new java.util.TreeMap<>();
		calls.forEach((key, value) -> copy.put(key, value.get()));
		return copy;
	}

	private static double capacityOf(SdkResponse response) {
		List<ConsumedCapacity> consumed = new ArrayList<>();
		if (response instanceof GetItemResponse r && r.consumedCapacity() != null) {
			consumed.add(r.consumedCapacity());
		}
		else if (response instanceof PutItemResponse r && r.consumedCapacity() != null) {
			consumed.add(r.consumedCapacity());
		}
		else if (response instanceof UpdateItemResponse r && r.consumedCapacity() != null) {
			consumed.add(r.consumedCapacity());
		}
		else if (response instanceof DeleteItemResponse r && r.consumedCapacity() != null) {
			consumed.add(r.consumedCapacity());
		}
		else if (response instanceof QueryResponse r && r.consumedCapacity() != null) {
			consumed.add(r.consumedCapacity());
		}
		else if (response instanceof ScanResponse r && r.consumedCapacity() != null) {
			consumed.add(r.consumedCapacity());
		}
		else if (response instanceof TransactWriteItemsResponse r && r.hasConsumedCapacity()) {
			consumed.addAll(r.consumedCapacity());
		}
		else if (response instanceof TransactGetItemsResponse r && r.hasConsumedCapacity()) {
			consumed.addAll(r.consumedCapacity());
		}
		else if (response instanceof BatchGetItemResponse r && r.hasConsumedCapacity()) {
			consumed.addAll(r.consumedCapacity());
		}
		else if (response instanceof BatchWriteItemResponse r && r.hasConsumedCapacity()) {
			consumed.addAll(r.consumedCapacity());
		}
		return consumed.stream().mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
	}
}

package io.dynamini.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.dynamini.observation.DynaminiObservations;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * The single path of every DynamoDB call dynamini makes: runs it and translates SDK exceptions into
 * {@link DataAccessException}s whose message starts with a context such as {@code "save of Note '42'"}. Owns the
 * loops around calls: paging of queries (all, up to a count, lazily as pages or a stream), unprocessed keys of batch
 * reads, and transactions DynamoDB cancels for throttling or reports in progress.
 */
final class SdkExecutor {

	/** Attempts of a transaction that DynamoDB cancels for throttling or reports in progress. */
	static final int MAX_TRANSACTION_ATTEMPTS = 6;

	/** Attempts of a batch read that DynamoDB leaves unfinished. */
	static final int MAX_BATCH_ATTEMPTS = 11;

	private static final int BATCH_GET_LIMIT = 100;

	private final DynamoDbClient client;

	private final DynamoDbClient sender;

	private final DynaminiExceptionTranslator exceptionTranslator;

	private final DynaminiObservations observations;

	SdkExecutor(DynamoDbClient client, DynaminiExceptionTranslator exceptionTranslator) {
		this(client, exceptionTranslator, DynaminiObservations.NONE);
	}

	/**
	 * @param observations records each request as a child of the current operation (the client stays the key of
	 * transactions bound to the thread)
	 */
	SdkExecutor(DynamoDbClient client, DynaminiExceptionTranslator exceptionTranslator,
			DynaminiObservations observations) {
		this.client = client;
		this.sender = observations.observe(client);
		this.exceptionTranslator = exceptionTranslator;
		this.observations = observations;
	}

	/** @return the client as given: transactions are bound to it */
	DynamoDbClient client() {
		return client;
	}

	<R> R execute(String context, Function<DynamoDbClient, R> call) {
		try {
			return DynaminiExceptionTranslator.retryingConflicts(() -> call.apply(sender));
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

	/** Every item of a query, page after page. */
	List<Map<String, AttributeValue>> queryAll(String context, QueryRequest query) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		pages(context, query).forEachRemaining(page -> items.addAll(page.items()));
		return items;
	}

	/** The items of a query as a lazy stream: a page is read when the stream reaches it. */
	Stream<Map<String, AttributeValue>> queryStream(String context, QueryRequest query) {
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages(context, query), Spliterator.ORDERED), false)
			.flatMap(page -> page.items().stream());
	}

	/** The pages of a query, each read when it is reached and through {@link #execute}. */
	Iterator<QueryResponse> pages(String context, QueryRequest query) {
		return new Iterator<>() {

			private @Nullable Map<String, AttributeValue> start;

			private boolean done;

			@Override
			public boolean hasNext() {
				return !done;
			}

			@Override
			public QueryResponse next() {
				if (done) {
					throw new NoSuchElementException();
				}
				QueryRequest page = start == null ? query : query.toBuilder().exclusiveStartKey(start).build();
				QueryResponse response = execute(context, dynamo -> dynamo.query(page));
				done = !response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty();
				start = done ? null : response.lastEvaluatedKey();
				return response;
			}
		};
	}

	/**
	 * Reads items of {@code query} page after page until {@code max} items are read or there are no more: a
	 * {@code Limit} is an upper bound, DynamoDB also stops a page at 1 MB.
	 */
	List<Map<String, AttributeValue>> queryUpTo(String context, QueryRequest query, int max) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		Map<String, AttributeValue> startKey = null;
		do {
			QueryRequest page = startKey == null ? query
					: query.toBuilder().exclusiveStartKey(startKey).limit(max - items.size()).build();
			QueryResponse response = execute(context, dynamo -> dynamo.query(page));
			items.addAll(response.items());
			startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
					? response.lastEvaluatedKey() : null;
		}
		while (startKey != null && items.size() < max);
		return items.size() > max ? items.subList(0, max) : items;
	}

	/**
	 * Reads items by key, 100 per BatchGetItem, retrying unprocessed keys with backoff (bounded, then a
	 * {@link TransientDataAccessResourceException}). The items come in no particular order.
	 */
	List<Map<String, AttributeValue>> batchGet(String context, String tableName, List<Map<String, AttributeValue>> keys,
			boolean consistentRead) {
		List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
		for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
			Map<String, KeysAndAttributes> pending = Map.of(tableName, KeysAndAttributes.builder()
				.keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT)))
				.consistentRead(consistentRead)
				.build());
			for (int attempt = 0; !pending.isEmpty(); attempt++) {
				if (attempt > 0) {
					Backoff.sleep(attempt, 2, 100);
				}
				Map<String, KeysAndAttributes> toSend = pending;
				BatchGetItemResponse response = execute(context, dynamo -> dynamo.batchGetItem(
						request -> request.requestItems(toSend).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
				items.addAll(response.responses().getOrDefault(tableName, List.of()));
				pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
				if (attempt + 1 >= MAX_BATCH_ATTEMPTS && !pending.isEmpty()) {
					throw new TransientDataAccessResourceException(
							"%s: DynamoDB left keys unprocessed after %d attempts".formatted(context, attempt + 1));
				}
			}
		}
		return items;
	}

	/**
	 * Sends a transaction with the given client request token. A transaction that DynamoDB cancels for throttling
	 * (which the SDK does not retry) is sent again with backoff; one that DynamoDB reports in progress (an earlier
	 * attempt with the same token) is sent again with the same token until its outcome is known, so that no caller
	 * ever applies a change twice.
	 *
	 * @return {@code null} if the transaction was applied, otherwise why it was cancelled
	 */
	@Nullable TransactionCanceledException transact(String context, List<TransactWriteItem> items, String token) {
		for (int attempt = 1;; attempt++) {
			Object outcome = execute(context, dynamo -> {
				try {
					dynamo.transactWriteItems(request -> request.transactItems(items)
						.clientRequestToken(token)
						.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
					return null;
				}
				catch (TransactionCanceledException | TransactionInProgressException ex) {
					return ex;
				}
			});
			if (outcome == null) {
				return null;
			}
			if (outcome instanceof TransactionCanceledException cancelled && !isThrottled(cancelled)) {
				return cancelled;
			}
			if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
				if (outcome instanceof TransactionInProgressException inProgress) {
					throw new DataAccessResourceFailureException(("%s: DynamoDB still reports the transaction in progress "
							+ "after %d attempts; its outcome is unknown, read the entity before repeating the change")
						.formatted(context, attempt), inProgress);
				}
				throw new TransientDataAccessResourceException(
						"Throttled after retries; %s: the transaction was cancelled for throttling %d times"
							.formatted(context, attempt), (RuntimeException) outcome);
			}
			observations.retried();
			Backoff.sleep(attempt, 25, 1000);
		}
	}

	private static boolean isThrottled(TransactionCanceledException cancelled) {
		if (!cancelled.hasCancellationReasons()) {
			return false;
		}
		for (CancellationReason reason : cancelled.cancellationReasons()) {
			if ("ThrottlingError".equals(reason.code()) || "ProvisionedThroughputExceeded".equals(reason.code())) {
				return true;
			}
		}
		return false;
	}
}

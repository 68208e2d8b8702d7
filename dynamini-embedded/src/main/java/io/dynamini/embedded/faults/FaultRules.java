package io.dynamini.embedded.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import io.dynamini.embedded.protocol.EngineException;

/**
 * The faults planned for an engine, checked by every request: each rule matches an operation (or any) on a table
 * (or any; a batch or transaction matches a table any of its items is in), a number of times or with a probability
 * (from a seeded random, so runs repeat), and does one thing: refuse before acting (throttling, an internal error, a
 * transaction conflict), act and then lose the response, or process only part of a batch. Thread-safe.
 */
public final class FaultRules {

	/** What a rule does. */
	public enum Kind {
		THROTTLE, THROTTLING_EXCEPTION, INTERNAL_ERROR, TRANSACTION_CONFLICT, LOSE_RESPONSE, PARTIAL_BATCH, HOLD_TRANSACTION
	}

	private static final class Rule {

		final String operation;

		final String table;

		final Kind kind;

		int remaining;

		final double probability;

		final int batchLimit;

		Rule(String operation, String table, Kind kind, int remaining, double probability, int batchLimit) {
			this.operation = operation;
			this.table = table;
			this.kind = kind;
			this.remaining = remaining;
			this.probability = probability;
			this.batchLimit = batchLimit;
		}
	}

	private final List<Rule> rules = new ArrayList<>();

	private final Random random;

	private volatile long streamLagMillis;

	public FaultRules(long seed) {
		this.random = new Random(seed);
	}

	/**
	 * @param operation the operation name ({@code PutItem}), or {@code null} for any
	 * @param table the table name, or {@code null} for any
	 * @param times how many matching requests it hits, or {@code -1} for every one (with {@code probability})
	 * @param probability the chance a matching request is hit (1 for always)
	 * @param batchLimit for {@link Kind#PARTIAL_BATCH}: how many items a batch processes
	 */
	public synchronized void add(String operation, String table, Kind kind, int times, double probability, int batchLimit) {
		rules.add(new Rule(operation, table, kind, times, probability, batchLimit));
	}

	public synchronized void clear() {
		rules.clear();
		streamLagMillis = 0;
	}

	public void setStreamLagMillis(long millis) {
		streamLagMillis = millis;
	}

	public long streamLagMillis() {
		return streamLagMillis;
	}

	/** @return the rule of {@code kinds} that hits this request now, counting it, or {@code null} */
	private synchronized Rule hit(String operation, Collection<String> tables, List<Kind> kinds) {
		for (Iterator<Rule> iterator = rules.iterator(); iterator.hasNext();) {
			Rule rule = iterator.next();
			if (!kinds.contains(rule.kind) || (rule.operation != null && !rule.operation.equals(operation))
					|| (rule.table != null && !tables.contains(rule.table))) {
				continue;
			}
			if (rule.probability < 1 && random.nextDouble() >= rule.probability) {
				continue;
			}
			if (rule.remaining > 0 && --rule.remaining == 0) {
				iterator.remove();
			}
			return rule;
		}
		return null;
	}

	/** Refuses the request before it acts, if a rule says so. */
	public void beforeOperation(String operation, Collection<String> tables) {
		Rule rule = hit(operation, tables, List.of(Kind.THROTTLE, Kind.THROTTLING_EXCEPTION, Kind.INTERNAL_ERROR,
				Kind.TRANSACTION_CONFLICT));
		if (rule == null) {
			return;
		}
		throw switch (rule.kind) {
			case THROTTLE -> EngineException.provisionedThroughputExceeded();
			case THROTTLING_EXCEPTION -> EngineException.throttling();
			case INTERNAL_ERROR -> EngineException.internalServerError();
			default -> operation.equals("TransactWriteItems") || operation.equals("TransactGetItems")
					? new EngineException("com.amazonaws.dynamodb.v20120810#TransactionCanceledException", 400,
							"Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]")
						.with("CancellationReasons", List.of(java.util.Map.of("Code", "TransactionConflict", "Message",
								"Transaction is ongoing for the item")))
					: EngineException.transactionConflict("Transaction is ongoing for the item");
		};
	}

	/** @return whether the response of a request that was applied is to be lost (the connection drops) */
	public boolean loseResponse(String operation, Collection<String> tables) {
		return hit(operation, tables, List.of(Kind.LOSE_RESPONSE)) != null;
	}

	/** @return how long a transaction keeps its items held between its phases (a fault), in milliseconds, or 0 */
	public long transactionHoldMillis(Collection<String> tables) {
		Rule rule = hit("TransactWriteItems", tables, List.of(Kind.HOLD_TRANSACTION));
		return rule == null ? 0 : rule.batchLimit;
	}

	/** @return how many items a batch processes now ({@link Integer#MAX_VALUE}: all) */
	public int partialBatchLimit(String operation, Collection<String> tables) {
		Rule rule = hit(operation, tables, List.of(Kind.PARTIAL_BATCH));
		return rule == null ? Integer.MAX_VALUE : rule.batchLimit;
	}
}

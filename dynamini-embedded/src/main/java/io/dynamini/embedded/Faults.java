package io.dynamini.embedded;

import java.time.Duration;

import io.dynamini.embedded.faults.FaultRules;
import io.dynamini.embedded.tables.Database;

/**
 * Faults the engine injects, deterministically, for tests of what a client does when DynamoDB misbehaves:
 * <pre>{@code
 * engine.faults().on("PutItem").times(2).throttle();               // ProvisionedThroughputExceededException twice
 * engine.faults().on("TransactWriteItems").times(1).loseResponse(); // applied, then the connection drops
 * engine.faults().on("BatchWriteItem").times(1).processOnly(3);      // the rest as UnprocessedItems
 * engine.faults().on(null).table("t").probability(0.1).internalError();
 * engine.faults().streamLag(Duration.ofSeconds(2));
 * }</pre>
 * Probabilities draw from a random seeded by the engine's builder, so a run repeats.
 */
public final class Faults {

	private final FaultRules rules;

	private final Database database;

	Faults(FaultRules rules, Database database) {
		this.rules = rules;
		this.database = database;
	}

	/**
	 * @param operation the operation name ({@code "PutItem"}, {@code "TransactWriteItems"}, ...), or {@code null} for
	 * every operation
	 * @return a fault for that operation, to complete with a count or probability and what it does
	 */
	public Fault on(String operation) {
		return new Fault(operation);
	}

	/** Records younger than {@code lag} are not yet returned by GetRecords ({@code Duration.ZERO}: none). */
	public Faults streamLag(Duration lag) {
		database.setStreamLagMillis(lag.toMillis());
		return this;
	}

	/** Removes every planned fault and the stream lag. */
	public void clear() {
		rules.clear();
		database.setStreamLagMillis(0);
	}

	/** One fault being planned: where it applies, how often, and (the terminal call) what it does. */
	public final class Fault {

		private final String operation;

		private String table;

		private int times = -1;

		private double probability = 1;

		private Fault(String operation) {
			this.operation = operation;
		}

		/** Only requests on this table: a batch or a transaction matches when any of its items is in it. */
		public Fault table(String tableName) {
			this.table = tableName;
			return this;
		}

		/** The next {@code count} matching requests. */
		public Fault times(int count) {
			if (count < 1) {
				throw new IllegalArgumentException("times must be at least 1, not " + count);
			}
			this.times = count;
			return this;
		}

		/** Each matching request with this chance (until {@link #times} ran out, if given). */
		public Fault probability(double chance) {
			if (chance <= 0 || chance > 1) {
				throw new IllegalArgumentException("probability must be in (0, 1], not " + chance);
			}
			this.probability = chance;
			return this;
		}

		/** Refuses with {@code ProvisionedThroughputExceededException} (the SDK retries it). */
		public Faults throttle() {
			return add(FaultRules.Kind.THROTTLE, 0);
		}

		/** Refuses with {@code ThrottlingException}. */
		public Faults throttlingException() {
			return add(FaultRules.Kind.THROTTLING_EXCEPTION, 0);
		}

		/** Refuses with {@code InternalServerError} (HTTP 500). */
		public Faults internalError() {
			return add(FaultRules.Kind.INTERNAL_ERROR, 0);
		}

		/**
		 * Refuses as a concurrent transaction would: a transaction is cancelled with {@code TransactionConflict}
		 * reasons, a single write gets {@code TransactionConflictException}.
		 */
		public Faults transactionConflict() {
			return add(FaultRules.Kind.TRANSACTION_CONFLICT, 0);
		}

		/** Applies the request, then drops the connection: the client never hears back. */
		public Faults loseResponse() {
			return add(FaultRules.Kind.LOSE_RESPONSE, 0);
		}

		/**
		 * A TransactWriteItems holds its items for {@code duration} between checking its conditions and writing: a plain
		 * write of one of them meanwhile gets {@code TransactionConflictException}, an overlapping transaction is
		 * cancelled with {@code TransactionConflict} (the window DynamoDB has too, made wide enough to hit).
		 */
		public Faults holdTransaction(Duration duration) {
			return add(FaultRules.Kind.HOLD_TRANSACTION, (int) Math.min(Integer.MAX_VALUE, duration.toMillis()));
		}

		/** BatchGetItem and BatchWriteItem process only {@code items}, the rest come back unprocessed. */
		public Faults processOnly(int items) {
			return add(FaultRules.Kind.PARTIAL_BATCH, items);
		}

		private Faults add(FaultRules.Kind kind, int batchLimit) {
			rules.add(operation, table, kind, times, probability, batchLimit);
			return Faults.this;
		}
	}
}

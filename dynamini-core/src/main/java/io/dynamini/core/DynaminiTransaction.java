package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The writes of one Spring-managed transaction, buffered per entity and sent at commit as one
 * {@code TransactWriteItems} with a client request token: every entity's conditional latest-item write (its
 * optimistic lock) and its new revision item, all or nothing. Bound to the {@link DynamoDbClient} as the transaction
 * resource by {@code io.dynamini.core.transaction.DynaminiTransactionManager}; the template's writes find it there.
 * <p>
 * Two writes of one entity fold into one revision (DynamoDB allows one action per item): the second is checked
 * against the first as DynamoDB would check it, and the buffered write keeps the first's condition and revision
 * number and takes the second's state. DynamoDB's limits (100 actions, 4 MB) are checked at the write that would
 * cross them, before any request.
 */
public final class DynaminiTransaction {

	/** DynamoDB's limit of actions per transaction. */
	static final int MAX_ACTIONS = 100;

	/** DynamoDB's limit of a transaction's aggregate item size. */
	static final long MAX_BYTES = 4L * 1024 * 1024;

	private final DynamoDbClient client;

	private final String token = UUID.randomUUID().toString();

	private final Map<String, Buffered> writes = new LinkedHashMap<>();

	/** Checks that entities are live at commit (by partition key), each an action of the transaction. */
	private final Map<String, Guard> guards = new LinkedHashMap<>();

	/** Latest items read in this transaction (empty: read, absent), each read once. */
	private final Map<String, Optional<LatestItem>> reads = new HashMap<>();

	private boolean rollbackOnly;

	private DynaminiTransaction(DynamoDbClient client) {
		this.client = client;
	}

	/** A new, empty transaction on {@code client}; the transaction manager binds it. */
	public static DynaminiTransaction begin(DynamoDbClient client) {
		return new DynaminiTransaction(client);
	}

	/** @return the transaction bound to {@code client} on this thread, if any */
	static @Nullable DynaminiTransaction current(DynamoDbClient client) {
		return TransactionSynchronizationManager.getResource(client) instanceof DynaminiTransaction transaction
				? transaction : null;
	}

	/** @return how many entity writes are buffered */
	public int size() {
		return writes.size();
	}

	public void setRollbackOnly() {
		rollbackOnly = true;
	}

	public boolean isRollbackOnly() {
		return rollbackOnly;
	}

	/** Discards every buffered write. */
	public void rollback() {
		writes.clear();
		guards.clear();
		reads.clear();
	}

	/**
	 * Sends every buffered write in one {@code TransactWriteItems}.
	 *
	 * @throws OptimisticLockingFailureException if an entity's condition failed (nothing was written), naming the
	 * entity, the version the transaction expected and the one it found
	 */
	public void commit() {
		if (writes.isEmpty()) {
			return;
		}
		List<TransactWriteItem> actions = new ArrayList<>(writes.size() * 2 + guards.size());
		List<Buffered> entities = new ArrayList<>(writes.values());
		for (Buffered write : entities) {
			actions.addAll(write.requests().transaction(write.target(), write.plan(), token));
		}
		List<Guard> checks = new ArrayList<>(guards.values());
		checks.forEach(guard -> actions.add(guard.check()));
		WriteFence fence = WriteFence.current();
		if (fence != null) {
			actions.add(fence.check());
		}
		String context = "commit of a transaction of %d entity writes".formatted(entities.size());
		SdkExecutor executor = new SdkExecutor(client, new DynaminiExceptionTranslator());
		TransactionCanceledException cancelled = executor.transact(context, actions, token);
		writes.clear();
		guards.clear();
		reads.clear();
		if (cancelled == null) {
			return;
		}
		List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
				: List.of();
		for (CancellationReason reason : reasons) {
			if (reason.hasItem() && reason.item().containsKey(TableLayout.WRITE_TOKEN)
					&& token.equals(reason.item().get(TableLayout.WRITE_TOKEN).s())) {
				// an earlier attempt of this commit was applied; only its response was lost
				return;
			}
		}
		int fenceIndex = entities.size() * 2 + checks.size();
		if (fence != null && reasons.size() > fenceIndex && "ConditionalCheckFailed".equals(reasons.get(fenceIndex).code())) {
			throw fence.refused(context);
		}
		for (int i = entities.size() * 2; i < Math.min(reasons.size(), fenceIndex); i++) {
			if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
				throw new EmptyResultDataAccessException("Transaction rolled back, nothing was written: %s is no longer live"
					.formatted(checks.get(i - entities.size() * 2).target().describe()), 1, cancelled);
			}
		}
		for (int i = 0; i < Math.min(reasons.size(), entities.size() * 2); i++) {
			if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
				Buffered failed = entities.get(i / 2);
				CancellationReason reason = reasons.get(i);
				LatestItem found = i % 2 == 0
						? StoredData.decode(() -> context, () -> LatestItem.from(reason.hasItem() ? reason.item() : null))
						: null;
				throw new OptimisticLockingFailureException("Transaction rolled back, nothing was written: %s %s"
					.formatted(failed.target().describe(), failed.describeConflict(found)), cancelled);
			}
		}
		for (CancellationReason reason : reasons) {
			if ("TransactionConflict".equals(reason.code())) {
				throw new ConcurrencyFailureException(("Transaction rolled back, nothing was written: it conflicted with "
						+ "a concurrent transaction on one of its %d entities").formatted(entities.size()), cancelled);
			}
		}
		throw executor.translate(cancelled, context);
	}

	/**
	 * Makes the commit depend on the entity being live then, with a condition check instead of a read (one more
	 * action of the transaction). An entity this transaction writes needs none: its write's condition checks it.
	 */
	void requireLive(EntityTarget target, TransactWriteItem check) {
		if (writes.containsKey(target.pk()) || guards.containsKey(target.pk())) {
			return;
		}
		checkLimits(writes.size() * 2 + guards.size() + 1, target);
		guards.put(target.pk(), new Guard(target, check));
	}

	/** A condition check of an entity the transaction does not write. */
	private record Guard(EntityTarget target, TransactWriteItem check) {
	}

	/** @return the entity's latest item as this transaction has left it, or {@code null} if it wrote none */
	@Nullable LatestItem latest(EntityTarget target) {
		Buffered write = writes.get(target.pk());
		return write == null ? null : write.after();
	}

	/**
	 * @return the entity's latest item as this transaction read it before ({@code Optional.empty()}: it had none),
	 * or {@code null} if it has not read it
	 */
	@Nullable Optional<LatestItem> read(EntityTarget target) {
		return reads.get(target.pk());
	}

	/** Remembers a latest item read in this transaction: later reads of the entity are served from here. */
	void remember(EntityTarget target, @Nullable LatestItem item) {
		reads.put(target.pk(), Optional.ofNullable(item));
	}

	/**
	 * Runs a write operation inside this transaction: asks {@code attempts} what to write, checks it against what the
	 * transaction already wrote of the entity (as DynamoDB would check it), and buffers it.
	 */
	<R> R write(EntityTarget target, WriteRequests requests, RevisionWriter.Attempts<R> attempts) {
		RevisionWriter.WriteOutcome previous = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			RevisionWriter.Step<R> step = attempts.next(previous);
			if (step instanceof RevisionWriter.Step.Finish<R> finish) {
				return finish.result();
			}
			RevisionWriter.Step.Write<R> write = (RevisionWriter.Step.Write<R>) step;
			Buffered existing = writes.get(target.pk());
			if (existing == null) {
				add(new Buffered(target, requests, write.plan(), bytes(requests, target, write.plan())));
				return write.result().apply(write.plan().revision());
			}
			if (!existing.accepts(write.plan())) {
				previous = new RevisionWriter.WriteOutcome.Rejected(existing.after());
				continue;
			}
			RevisionWriter.WritePlan folded = existing.fold(write.plan(), requests);
			add(new Buffered(target, requests, folded, bytes(requests, target, folded)));
			return write.result().apply(folded.revision());
		}
		throw new IllegalStateException("A write of " + target.describe() + " did not settle within the transaction");
	}

	private long bytes(WriteRequests requests, EntityTarget target, RevisionWriter.WritePlan plan) {
		return requests.transactionBytes(target, plan, token);
	}

	private void add(Buffered write) {
		Buffered replaced = writes.get(write.target().pk());
		int entities = writes.size() + (replaced == null ? 1 : 0);
		checkLimits(entities * 2 + guards.size(), write.target());
		long bytes = write.bytes() - (replaced == null ? 0 : replaced.bytes());
		for (Buffered other : writes.values()) {
			bytes += other.bytes();
		}
		if (bytes > MAX_BYTES) {
			throw new InvalidDataAccessApiUsageException(("A DynamoDB transaction holds at most 4 MB (%d bytes) of items; "
					+ "writing %s would make it up to %d bytes; nothing was written")
				.formatted(MAX_BYTES, write.target().describe(), bytes));
		}
		writes.put(write.target().pk(), write);
	}

	private void checkLimits(int entityAndCheckActions, EntityTarget target) {
		// a fence (io.dynamini.lease) adds one condition check at commit
		int actions = entityAndCheckActions + (WriteFence.current() != null ? 1 : 0);
		if (actions > MAX_ACTIONS) {
			throw new InvalidDataAccessApiUsageException(("A DynamoDB transaction holds at most %d actions; each entity "
					+ "write takes 2 (so at most %d entities), each live check 1: writing %s would make it %d; nothing "
					+ "was written").formatted(MAX_ACTIONS, MAX_ACTIONS / 2, target.describe(), actions));
		}
	}

	/**
	 * One entity's buffered write.
	 *
	 * @param bytes an upper bound of the size of its two items
	 */
	private record Buffered(EntityTarget target, WriteRequests requests, RevisionWriter.WritePlan plan, long bytes) {

		/** The latest item as the write leaves it, for reads and later writes within the transaction. */
		LatestItem after() {
			return new LatestItem(plan.revision(), 0, plan.ulid(), plan.type(), plan.type() == RevisionType.DELETE, null,
					false, null, plan.state(), requests.author(), null, plan.latest().expiresAt(), null);
		}

		/** Whether DynamoDB would accept {@code next} on the item this write leaves. */
		boolean accepts(RevisionWriter.WritePlan next) {
			if (!(next.latest() instanceof LatestUpdate update)) {
				return false;
			}
			LatestItem after = after();
			return update.expectedVersion() == after.version() && update.expects(after);
		}

		RevisionWriter.WritePlan fold(RevisionWriter.WritePlan next, WriteRequests requests) {
			RevisionType type = next.type() == RevisionType.DELETE ? RevisionType.DELETE
					: plan.type() == RevisionType.INSERT ? RevisionType.INSERT : RevisionType.UPDATE;
			LatestUpdate update = (LatestUpdate) next.latest();
			if (plan.latest() instanceof LatestUpdate first) {
				return new RevisionWriter.WritePlan(plan.revision(), plan.ulid(), type, next.state(),
						update.rebasedOn(first, type));
			}
			if (type == RevisionType.DELETE) {
				throw new InvalidDataAccessApiUsageException(("Cannot delete %s in the transaction that creates it: "
						+ "DynamoDB allows one write of an item per transaction").formatted(target.describe()));
			}
			return new RevisionWriter.WritePlan(plan.revision(), plan.ulid(), RevisionType.INSERT, next.state(),
					requests.newLatest(target, plan.ulid(), next.state(), next.latest().expiresAt()));
		}

		String describeConflict(@Nullable LatestItem found) {
			String expected = plan.latest() instanceof LatestUpdate update
					? "was expected at version " + update.expectedVersion() : "was expected not to exist";
			if (found == null) {
				return expected + ", but its revision could not be written (a revision with its key exists)";
			}
			String state = found.erased() ? "was purged" : found.purging() ? "is being purged"
					: found.deleted() ? "is deleted" : "is live";
			return expected + ", but it is at version %d and %s".formatted(found.version(), state);
		}
	}
}

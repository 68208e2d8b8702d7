package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.observation.DynaminiObservations;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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

	/** How often a commit is sent when refusals make writes adapt (as a write outside a transaction would). */
	private static final int MAX_COMMIT_ROUNDS = 5;

	private final DynamoDbClient client;

	private final String token = UUID.randomUUID().toString();

	private final Map<String, Buffered> writes = new LinkedHashMap<>();

	/** Checks that entities are live at commit (by partition key), each an action of the transaction. */
	private final Map<String, Guard> guards = new LinkedHashMap<>();

	/** Latest items read in this transaction (empty: read, absent), each read once. */
	private final Map<String, Optional<LatestItem>> reads = new HashMap<>();

	/** The leases the transaction's writes were fenced with (by lease item), each a check at commit. */
	private final Map<Map<String, AttributeValue>, WriteFence> fences = new LinkedHashMap<>();

	private boolean rollbackOnly;

	private final DynaminiObservations observations;

	private DynaminiTransaction(DynamoDbClient client, DynaminiObservations observations) {
		this.client = client;
		this.observations = observations;
	}

	/** A new, empty transaction on {@code client}; the transaction manager binds it. */
	public static DynaminiTransaction begin(DynamoDbClient client) {
		return begin(client, DynaminiObservations.NONE);
	}

	/** A new, empty transaction on {@code client} whose commit is observed as operation {@code commit}. */
	public static DynaminiTransaction begin(DynamoDbClient client, DynaminiObservations observations) {
		return new DynaminiTransaction(client, observations);
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
		fences.clear();
	}

	/**
	 * Sends every buffered write in one {@code TransactWriteItems}. A write DynamoDB refuses for what a write outside
	 * a transaction adapts to (a new entity over a deleted, purged or expired one, a clock behind the newest revision,
	 * history retention's full pending list, a dropped revision DynamoDB already deleted) is planned again from what
	 * the refusal returned and the commit sent again, a few times at most: the same outcome as outside.
	 *
	 * @throws OptimisticLockingFailureException if an entity's condition failed (nothing was written), naming the
	 * entity, the version the transaction expected and the one it found
	 */
	public void commit() {
		try {
			if (writes.isEmpty()) {
				return;
			}
			Set<String> types = new TreeSet<>();
			writes.values().forEach(write -> types.add(write.target().entity().getRequiredTypeName()));
			observations.operation(types.size() == 1 ? types.iterator().next() : "*", "commit", null, () -> {
				for (int round = 1;; round++) {
					if (writes.isEmpty() || send(round)) {
						return;
					}
				}
			});
		}
		finally {
			writes.clear();
			guards.clear();
			reads.clear();
			fences.clear();
		}
	}

	/** @return whether the commit is done; {@code false} if it must be sent again (a write was planned anew) */
	private boolean send(int round) {
		String attemptToken = round == 1 ? token : UUID.randomUUID().toString();
		WriteFence atCommit = WriteFence.current();
		if (atCommit != null) {
			fence(atCommit);
		}
		List<Buffered> entities = new ArrayList<>(writes.values());
		List<Guard> checks = new ArrayList<>(guards.values());
		List<WriteFence> fenceChecks = new ArrayList<>(fences.values());
		// history retention's marks go in while the transaction has room for them; a write without its marks appends
		// to the pending list, bounded by its cap
		int room = MAX_ACTIONS - entities.size() * 2 - checks.size() - fenceChecks.size();
		List<TransactWriteItem> actions = new ArrayList<>();
		int[] starts = new int[entities.size()];
		boolean[] marking = new boolean[entities.size()];
		for (int i = 0; i < entities.size(); i++) {
			Buffered write = entities.get(i);
			int marks = write.plan().latest().markedRevisions().size();
			marking[i] = marks > 0 && marks <= room;
			room -= marking[i] ? marks : 0;
			starts[i] = actions.size();
			actions.addAll(write.requests().transaction(write.target(), write.plan(), attemptToken, marking[i]));
		}
		int checksStart = actions.size();
		checks.forEach(guard -> actions.add(guard.check()));
		int fencesStart = actions.size();
		fenceChecks.forEach(fence -> actions.add(fence.check()));
		String context = "commit of a transaction of %d entity writes".formatted(entities.size());
		SdkExecutor executor = new SdkExecutor(client, new DynaminiExceptionTranslator(), observations);
		TransactionCanceledException cancelled = executor.transact(context, actions, attemptToken);
		if (cancelled == null) {
			return true;
		}
		List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
				: List.of();
		for (CancellationReason reason : reasons) {
			if (reason.hasItem() && reason.item().containsKey(TableLayout.WRITE_TOKEN)
					&& attemptToken.equals(reason.item().get(TableLayout.WRITE_TOKEN).s())) {
				// an earlier attempt of this commit was applied; only its response was lost
				return true;
			}
		}
		for (int i = 0; i < fenceChecks.size() && fencesStart + i < reasons.size(); i++) {
			if (RevisionWriter.isConditionFailure(reasons.get(fencesStart + i))) {
				throw fenceChecks.get(i).refused(context);
			}
		}
		for (int i = checksStart; i < Math.min(reasons.size(), fencesStart); i++) {
			if (RevisionWriter.isConditionFailure(reasons.get(i))) {
				throw new EmptyResultDataAccessException("Transaction rolled back, nothing was written: %s is no longer live"
					.formatted(checks.get(i - checksStart).target().describe()), 1, cancelled);
			}
		}
		boolean again = false;
		for (int e = 0; e < entities.size(); e++) {
			Buffered write = entities.get(e);
			int at = starts[e];
			if (at < reasons.size() && RevisionWriter.isConditionFailure(reasons.get(at))) {
				CancellationReason reason = reasons.get(at);
				LatestItem found = StoredData.decode(() -> context,
						() -> LatestItem.from(reason.hasItem() ? reason.item() : null));
				if (round >= MAX_COMMIT_ROUNDS || !replan(write, found)) {
					throw new OptimisticLockingFailureException("Transaction rolled back, nothing was written: %s %s"
						.formatted(write.target().describe(), write.describeConflict(found)), cancelled);
				}
				again = true;
				continue;
			}
			if (at + 1 < reasons.size() && RevisionWriter.isConditionFailure(reasons.get(at + 1))) {
				throw new OptimisticLockingFailureException("Transaction rolled back, nothing was written: %s %s"
					.formatted(write.target().describe(), write.describeConflict(null)), cancelled);
			}
			if (marking[e]) {
				Set<Ulid> gone = RevisionWriter.goneMarks(reasons, at + WriteRequests.MARKS_OFFSET,
						write.plan().latest().markedRevisions());
				if (!gone.isEmpty()) {
					((LatestUpdate) write.plan().latest()).forgetMarks(gone);
					again = true;
				}
			}
		}
		if (again) {
			return false;
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
	 * Plans a refused write anew from the latest item its refusal returned, as the write would outside a transaction:
	 * a new entity over a deleted, purged or expired one continues or restarts its history; an update whose version
	 * matched adapts its ULID or marks what retention drops. A write whose version did not match, or that folded two
	 * writes, is not planned anew (a conflict).
	 *
	 * @return whether the write was planned anew (or finished without writing)
	 * @throws RuntimeException what the operation throws given that item (for example {@code DuplicateKeyException})
	 */
	private boolean replan(Buffered write, @Nullable LatestItem found) {
		if (write.attempts() == null || found == null) {
			return false;
		}
		if (write.plan().latest() instanceof LatestUpdate update
				&& (update.expectedVersion() != found.version() || !update.expects(found))) {
			return false;
		}
		String pk = write.target().pk();
		// the operation reads the entity as the refusal found it, not as this transaction buffered it
		writes.remove(pk);
		reads.put(pk, Optional.of(found));
		RevisionWriter.Step<?> step = write.attempts().next(new RevisionWriter.WriteOutcome.Rejected(found));
		if (step instanceof RevisionWriter.Step.Write<?> next) {
			writes.put(pk, new Buffered(write.target(), write.requests(), next.plan(),
					bytes(write.requests(), write.target(), next.plan()), write.attempts(), Optional.of(found)));
			// the caller's entity gets the number the commit writes (a mutable entity; an immutable one keeps the copy
			// it was given)
			next.result().apply(next.plan().revision());
		}
		return true;
	}

	/**
	 * Makes the commit depend on the entity being live then, with a condition check instead of a read (one more
	 * action of the transaction). An entity this transaction writes needs none: its write's condition checks it.
	 */
	void requireLive(EntityTarget target, TransactWriteItem check) {
		fence(WriteFence.current());
		if (writes.containsKey(target.pk()) || guards.containsKey(target.pk())) {
			return;
		}
		checkLimits(writes.size() * 2 + guards.size() + 1, target);
		guards.put(target.pk(), new Guard(target, check));
	}

	/**
	 * Takes the fence a write or check was made under along to the commit, which checks it then, whenever that is
	 * (the fenced work may have returned long before).
	 */
	private void fence(@Nullable WriteFence fence) {
		if (fence == null) {
			return;
		}
		WriteFence known = fences.putIfAbsent(fence.key(), fence);
		if (known != null && !known.sameAs(fence)) {
			// two holdings of one lease: the older one cannot hold any more (DynamoDB checks an item once)
			throw known.refused("a write of the transaction");
		}
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
	 * @return whether the transaction wrote the entity without knowing what was stored before (a save of a copy, a
	 * new entity): its history's start is then not known until {@link #settle} or the commit
	 */
	boolean unsettled(EntityTarget target) {
		Buffered write = writes.get(target.pk());
		return write != null && write.before() == null;
	}

	/**
	 * Tells a buffered write what was stored before it, read for a read of the entity within the transaction: a new
	 * entity over a deleted, purged or expired one is planned as the commit would plan it, so reads in the
	 * transaction see what reads outside will see after the commit.
	 */
	void settle(EntityTarget target, @Nullable LatestItem stored) {
		Buffered write = writes.get(target.pk());
		if (write == null || write.before() != null) {
			return;
		}
		if (stored != null && !(write.plan().latest() instanceof LatestUpdate) && write.attempts() != null) {
			replan(write, stored);
			return;
		}
		writes.put(target.pk(), new Buffered(write.target(), write.requests(), write.plan(), write.bytes(),
				write.attempts(), Optional.ofNullable(stored)));
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
		fence(WriteFence.current());
		// what the transaction read of the entity decides the first plan, as a refusal's item would outside
		Optional<LatestItem> read = reads.get(target.pk());
		RevisionWriter.WriteOutcome previous = read != null && !writes.containsKey(target.pk())
				? new RevisionWriter.WriteOutcome.Rejected(read.orElse(null)) : null;
		for (int attempt = 0; attempt < 3; attempt++) {
			RevisionWriter.Step<R> step = attempts.next(previous);
			if (step instanceof RevisionWriter.Step.Finish<R> finish) {
				return finish.result();
			}
			RevisionWriter.Step.Write<R> write = (RevisionWriter.Step.Write<R>) step;
			Buffered existing = writes.get(target.pk());
			if (existing == null) {
				// what is stored before the write, if known by now (an operation that reads first has just read it)
				add(new Buffered(target, requests, write.plan(), bytes(requests, target, write.plan()), attempts,
						reads.get(target.pk())));
				return write.result().apply(write.plan().revision());
			}
			if (!existing.accepts(write.plan())) {
				previous = new RevisionWriter.WriteOutcome.Rejected(existing.after());
				continue;
			}
			RevisionWriter.WritePlan folded = existing.fold(write.plan(), requests);
			add(new Buffered(target, requests, folded, bytes(requests, target, folded), null, existing.before()));
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
		// the write's own condition checks the entity: a live check of it would be a second action on its item
		guards.remove(write.target().pk());
	}

	private void checkLimits(int entityAndCheckActions, EntityTarget target) {
		// each lease a write was fenced with (io.dynamini.lease) adds one condition check at commit
		WriteFence current = WriteFence.current();
		int actions = entityAndCheckActions + fences.size()
				+ (current != null && !fences.containsKey(current.key()) ? 1 : 0);
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
	 * @param attempts the operation that planned it, to plan it anew from a refusal ({@code null} for two folded
	 * writes)
	 * @param before the latest item stored before it, if the transaction knows it ({@code Optional.empty()}: none
	 * stored), {@code null} if it does not
	 */
	private record Buffered(EntityTarget target, WriteRequests requests, RevisionWriter.WritePlan plan, long bytes,
			RevisionWriter.@Nullable Attempts<?> attempts, @Nullable Optional<LatestItem> before) {

		/**
		 * The latest item as the write leaves it, for reads and later writes within the transaction: where its
		 * history starts (base, generation start) as the write sets it or keeps it from the item before.
		 */
		LatestItem after() {
			LatestItem stored = before == null ? null : before.orElse(null);
			Long base = plan.latest().base(stored);
			return new LatestItem(plan.revision(), base == null ? 0 : base, plan.ulid(), plan.type(),
					plan.type() == RevisionType.DELETE, null, false, null, plan.state(), requests.author(), null,
					plan.latest().expiresAt(), plan.latest().generationStart(stored));
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

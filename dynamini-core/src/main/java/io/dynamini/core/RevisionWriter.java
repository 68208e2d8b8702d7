package io.dynamini.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import com.github.f4b6a3.ulid.Ulid;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one way dynamini writes: a {@code TransactWriteItems} of a conditional write of the latest item (the
 * optimistic lock) and a put of the new, immutable revision item ({@link WriteRequests} builds both). Sends them,
 * recognises its own write, and retries with backoff as the operation's {@link Attempts} decide from each {@link WriteOutcome}:
 * written, rejected by the condition (with the latest item as it was) or cancelled by a concurrent transaction.
 *
 * <p>Every write carries a random token, stored on both items: a write recognises its own earlier attempt (applied,
 * response lost) only by that token, which no other write can have.
 */
final class RevisionWriter {

	/** Entities whose newest revision a writer remembers as a hint for the next ULID. */
	private static final int RECENT_HEADS_LIMIT = 4096;

	private final SdkExecutor executor;

	private final WriteRequests requests;

	private final Map<String, Head> recentHeads = new ConcurrentHashMap<>();

	RevisionWriter(SdkExecutor executor, WriteRequests requests) {
		this.executor = executor;
		this.requests = requests;
	}

	/**
	 * Writes a revision of {@code target}: asks {@code attempts} what to write, sends it, and asks again with what
	 * the attempt found, until a revision is written, the operation finishes without writing, or {@code maxAttempts}
	 * attempts were made ({@code gaveUp} is thrown). Backs off before an attempt that follows a contended one, or a
	 * rejected one unless the next plan adapted to what the rejection returned.
	 */
	<R> R write(EntityTarget target, String action, int maxAttempts, Supplier<RuntimeException> gaveUp,
			Attempts<R> attempts) {
		DynaminiTransaction transaction = DynaminiTransaction.current(executor.client());
		if (transaction != null) {
			// inside a Spring-managed transaction: buffered, sent at commit with the transaction's other writes
			return transaction.write(target, requests, attempts);
		}
		WriteOutcome previous = null;
		for (int attempt = 0; attempt < maxAttempts; attempt++) {
			Step<R> step = attempts.next(previous);
			if (step instanceof Step.Finish<R> finish) {
				return finish.result();
			}
			Step.Write<R> write = (Step.Write<R>) step;
			if (previous instanceof WriteOutcome.Contended || previous instanceof WriteOutcome.Rejected && !write.adapted()) {
				Backoff.sleep(attempt, 2, 100);
			}
			WriteOutcome outcome = send(target, action, write.plan());
			while (outcome instanceof WriteOutcome.MarksGone gone) {
				// revisions DynamoDB's TTL already deleted need no mark: the same write without those marks, at once
				// (not contention; at most once per mark)
				((LatestUpdate) write.plan().latest()).forgetMarks(gone.revisions());
				outcome = send(target, action, write.plan());
			}
			if (outcome instanceof WriteOutcome.Written) {
				rememberHead(target, new Head(write.plan().revision(), write.plan().ulid(),
						write.plan().latest().pendingAfter(true)));
				return write.result().apply(write.plan().revision());
			}
			previous = outcome;
		}
		throw gaveUp.get();
	}

	/**
	 * @return the newest revision this writer wrote of the entity, if it remembers it: a hint for the next ULID and
	 * the pending list (bounded, never trusted: the write condition decides)
	 */
	@Nullable Head recentHead(EntityTarget target) {
		return recentHeads.get(target.pk());
	}

	private void rememberHead(EntityTarget target, Head head) {
		if (recentHeads.size() >= RECENT_HEADS_LIMIT) {
			recentHeads.clear();
		}
		recentHeads.put(target.pk(), head);
	}

	/**
	 * What a writer remembers of the newest revision it wrote of an entity.
	 *
	 * @param version its number
	 * @param ulid its ULID
	 * @param pending the latest item's pending list after it (history retention), or {@code null} if not known
	 */
	record Head(long version, Ulid ulid, @Nullable List<Ulid> pending) {
	}

	/**
	 * Sends one transaction: the plan's write of the latest item and a put of the new revision item, both stamped
	 * with a fresh write token.
	 */
	private WriteOutcome send(EntityTarget target, String action, WritePlan plan) {
		String token = UUID.randomUUID().toString();
		List<TransactWriteItem> transaction = requests.transaction(target, plan, token, true);
		WriteFence fence = WriteFence.current();
		int fenceIndex = transaction.size();
		if (fence != null) {
			transaction = new ArrayList<>(transaction);
			transaction.add(fence.check());
		}
		String context = action + " of " + target.describe();
		TransactionCanceledException cancelled = executor.transact(context, transaction, token);
		if (cancelled == null) {
			return WriteOutcome.WRITTEN;
		}
		List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
				: List.of();
		for (CancellationReason reason : reasons) {
			if (isConditionFailure(reason) && reason.hasItem() && reason.item().containsKey(TableLayout.WRITE_TOKEN)
					&& token.equals(reason.item().get(TableLayout.WRITE_TOKEN).s())) {
				// an earlier attempt of this very request was applied and only its response was lost
				return WriteOutcome.WRITTEN;
			}
		}
		if (fence != null && reasons.size() > fenceIndex && isConditionFailure(reasons.get(fenceIndex))) {
			throw fence.refused(context);
		}
		if (!reasons.isEmpty() && isConditionFailure(reasons.get(0))) {
			CancellationReason first = reasons.get(0);
			LatestItem current = StoredData.decode(() -> context,
					() -> LatestItem.from(first.hasItem() ? first.item() : null));
			return new WriteOutcome.Rejected(current);
		}
		Set<Ulid> gone = goneMarks(reasons, WriteRequests.MARKS_OFFSET, plan.latest().markedRevisions());
		if (!gone.isEmpty()) {
			return new WriteOutcome.MarksGone(gone);
		}
		for (CancellationReason reason : reasons) {
			// a concurrent transaction, or another writer's revision under the same key: nothing written, try again
			if ("TransactionConflict".equals(reason.code()) || isConditionFailure(reason)) {
				return WriteOutcome.CONTENDED;
			}
		}
		throw executor.translate(cancelled, context);
	}

	static boolean isConditionFailure(CancellationReason reason) {
		return "ConditionalCheckFailed".equals(reason.code());
	}

	/**
	 * @param reasons a cancelled transaction's reasons
	 * @param offset the index of the first mark among the actions
	 * @param marked the revisions the marks mark, in order
	 * @return the revisions whose marks failed their only condition, that the item exists: DynamoDB's TTL deleted them
	 */
	static Set<Ulid> goneMarks(List<CancellationReason> reasons, int offset, List<Ulid> marked) {
		Set<Ulid> gone = new HashSet<>();
		for (int i = 0; i < marked.size() && offset + i < reasons.size(); i++) {
			if (isConditionFailure(reasons.get(offset + i))) {
				gone.add(marked.get(i));
			}
		}
		return gone;
	}

	/**
	 * One attempt's revision: its number, ULID, type and state, and the write of the latest item that goes with it.
	 */
	record WritePlan(long revision, Ulid ulid, RevisionType type, Map<String, AttributeValue> state,
			WriteRequests.LatestWrite latest) {
	}

	/**
	 * The outcome of one attempt: written; rejected by the latest item's condition (with that item as it was, or
	 * {@code null} if there was none); or cancelled by a concurrent transaction (nothing written).
	 */
	sealed interface WriteOutcome {

		WriteOutcome WRITTEN = new Written();

		WriteOutcome CONTENDED = new Contended();

		/** The revision was written (by this attempt, or by an earlier one whose response was lost). */
		record Written() implements WriteOutcome {
		}

		/**
		 * The latest item's condition failed.
		 *
		 * @param current the latest item as it was, or {@code null} if there was none
		 */
		record Rejected(@Nullable LatestItem current) implements WriteOutcome {
		}

		/** Cancelled by a concurrent transaction; nothing written. */
		record Contended() implements WriteOutcome {
		}

		/**
		 * Nothing written: the items of these dropped revisions, which the write marked, no longer exist.
		 *
		 * @param revisions their ULIDs
		 */
		record MarksGone(Set<Ulid> revisions) implements WriteOutcome {
		}
	}

	/**
	 * What an operation does next, given what its previous attempt found ({@code null} before the first).
	 */
	@FunctionalInterface
	interface Attempts<R> {

		Step<R> next(@Nullable WriteOutcome previous);
	}

	/**
	 * The next step of an operation: write a plan (and on success answer {@code result}), or finish without writing.
	 */
	sealed interface Step<R> {

		/**
		 * Writes the plan; on success answers {@code result} of the revision number written (the plan's, or within a
		 * transaction the one it folded into).
		 */
		static <R> Step<R> write(WritePlan plan, LongFunction<R> result) {
			return new Write<>(plan, false, result);
		}

		/** Writes a plan made from what a rejection returned, at once (no backoff needed). */
		static <R> Step<R> adapted(WritePlan plan, LongFunction<R> result) {
			return new Write<>(plan, true, result);
		}

		static <R> Step<R> finish(R result) {
			return new Finish<>(result);
		}

		record Write<R>(WritePlan plan, boolean adapted, LongFunction<R> result) implements Step<R> {
		}

		record Finish<R>(R result) implements Step<R> {
		}
	}
}

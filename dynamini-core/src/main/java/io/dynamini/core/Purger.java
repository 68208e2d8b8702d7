package io.dynamini.core;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Erases an entity: marks its latest item with a purge token (joining a purge already under way), deletes the
 * marked chain page by page, each page conditional on the mark still being there, and leaves a stub that keeps the
 * version counting. Safe against concurrent writers, other purges and stale copies (docs/design.md, Purge).
 */
final class Purger {

	/** Revisions a purge deletes per transaction: 100 actions, one of them the check of the purge's mark. */
	static final int PAGE_SIZE = 99;

	/** Rounds a page may be retried after a conflict with another transaction. */
	private static final int MAX_CONFLICT_ROUNDS = 10;

	private final SdkExecutor executor;

	private final RequestFactory requests;

	Purger(SdkExecutor executor, RequestFactory requests) {
		this.executor = executor;
		this.requests = requests;
	}

	void purge(EntityTarget target) {
		String context = "purge of " + target.describe();
		String token = mark(target, context);
		if (token == null) {
			return;
		}
		for (int round = 0;; round++) {
			List<Map<String, AttributeValue>> keys = executor.execute(context,
					dynamo -> dynamo.query(requests.purgeKeys(target, PAGE_SIZE)).items());
			if (keys.isEmpty()) {
				break;
			}
			TransactionCanceledException cancelled = executor.transact(context,
					requests.purgeDeletes(target, token, keys), UUID.randomUUID().toString());
			if (cancelled != null) {
				List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
						: List.of();
				if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
					return; // another purge of the same mark finished: the chain is gone
				}
				if (reasons.stream().noneMatch(reason -> "TransactionConflict".equals(reason.code()))
						|| round >= MAX_CONFLICT_ROUNDS) {
					throw executor.translate(cancelled, context);
				}
				Backoff.sleep(round, 2, 100);
			}
		}
		executor.execute(context, dynamo -> {
			try {
				return dynamo.updateItem(requests.purgeStub(target, token));
			}
			catch (ConditionalCheckFailedException finishedByAnother) {
				return null;
			}
		});
	}

	/**
	 * @return the purge's token, or {@code null} if there is nothing to erase
	 */
	private @Nullable String mark(EntityTarget target, String context) {
		String token = UUID.randomUUID().toString();
		return executor.execute(context, dynamo -> {
			try {
				dynamo.updateItem(requests.purgeMark(target, token));
				return token;
			}
			catch (ConditionalCheckFailedException notMarked) {
				LatestItem current = StoredData.decode(() -> context,
						() -> LatestItem.from(notMarked.hasItem() ? notMarked.item() : null));
				return current == null || current.erased() ? null : current.purgeToken();
			}
		});
	}
}

package io.dynamini.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Erases an entity: marks its latest item with a purge token (joining a purge already under way), deletes the
 * marked chain page by page, each page conditional on the mark still being there, and leaves a stub that keeps the
 * version counting. Safe against concurrent writers, other purges and stale copies (docs/design.md, Purge). Inside
 * {@code Lease.fenced} every one of those writes also checks the lease ({@link WriteFence}): a holder that lost its
 * lease erases nothing more.
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
		WriteFence fence = WriteFence.current();
		String token = mark(target, context, fence);
		if (token == null) {
			return;
		}
		// a fenced page gives one of its actions to the lease's check
		int pageSize = fence == null ? PAGE_SIZE : PAGE_SIZE - 1;
		for (int round = 0;; round++) {
			List<Map<String, AttributeValue>> keys = executor.execute(context,
					dynamo -> dynamo.query(requests.purgeKeys(target, pageSize)).items());
			if (keys.isEmpty()) {
				break;
			}
			List<TransactWriteItem> page = new ArrayList<>(requests.purgeDeletes(target, token, keys));
			if (fence != null) {
				page.add(fence.check());
			}
			TransactionCanceledException cancelled = executor.transact(context, page, UUID.randomUUID().toString());
			if (cancelled != null) {
				List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons()
						: List.of();
				if (fence != null && reasons.size() == page.size()
						&& RevisionWriter.isConditionFailure(reasons.get(page.size() - 1))) {
					throw fence.refused(context);
				}
				if (!reasons.isEmpty() && RevisionWriter.isConditionFailure(reasons.get(0))) {
					return; // another purge of the same mark finished: the chain is gone
				}
				if (reasons.stream().noneMatch(reason -> "TransactionConflict".equals(reason.code()))
						|| round >= MAX_CONFLICT_ROUNDS) {
					throw executor.translate(cancelled, context);
				}
				Backoff.sleep(round, 2, 100);
			}
		}
		update(context, requests.purgeStub(target, token), fence);
	}

	/**
	 * @return the purge's token, or {@code null} if there is nothing to erase
	 */
	private @Nullable String mark(EntityTarget target, String context, @Nullable WriteFence fence) {
		String token = UUID.randomUUID().toString();
		Refusal refusal = update(context, requests.purgeMark(target, token), fence);
		if (refusal == null) {
			return token;
		}
		LatestItem current = StoredData.decode(() -> context, () -> LatestItem.from(refusal.item()));
		return current == null || current.erased() ? null : current.purgeToken();
	}

	/**
	 * Sends a conditional update of the latest item: alone, or with a fence as a transaction with the lease's check.
	 *
	 * @return {@code null} if applied, else the refusal with the item as it was (if DynamoDB returned it)
	 * @throws RuntimeException the fence's refusal if the lease is no longer held (nothing written)
	 */
	private @Nullable Refusal update(String context, UpdateItemRequest request, @Nullable WriteFence fence) {
		if (fence == null) {
			return executor.execute(context, dynamo -> {
				try {
					dynamo.updateItem(request);
					return null;
				}
				catch (ConditionalCheckFailedException refused) {
					return new Refusal(refused.hasItem() ? refused.item() : null);
				}
			});
		}
		TransactWriteItem update = TransactWriteItem.builder()
			.update(Update.builder()
				.tableName(request.tableName())
				.key(request.key())
				.updateExpression(request.updateExpression())
				.conditionExpression(request.conditionExpression())
				.expressionAttributeNames(request.expressionAttributeNames())
				.expressionAttributeValues(request.expressionAttributeValues())
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		TransactionCanceledException cancelled = executor.transact(context, List.of(update, fence.check()),
				UUID.randomUUID().toString());
		if (cancelled == null) {
			return null;
		}
		List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
		if (reasons.size() == 2 && RevisionWriter.isConditionFailure(reasons.get(1))) {
			throw fence.refused(context);
		}
		if (!reasons.isEmpty() && RevisionWriter.isConditionFailure(reasons.get(0))) {
			return new Refusal(reasons.get(0).hasItem() ? reasons.get(0).item() : null);
		}
		throw executor.translate(cancelled, context);
	}

	/** A refused update of the latest item, with the item as it was, or {@code null}. */
	private record Refusal(@Nullable Map<String, AttributeValue> item) {
	}
}

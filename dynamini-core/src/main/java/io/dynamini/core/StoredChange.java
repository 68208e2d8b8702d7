package io.dynamini.core;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.github.f4b6a3.ulid.Ulid;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one item written to the table says about an entity's history, read from the item's image as DynamoDB
 * Streams delivers it: a revision item is one revision; a latest item that a purge turned into a stub is the purge.
 * Every other item (the latest item's moves, checkpoints, leases) is bookkeeping and says nothing. Exposed for the
 * change feed ({@code io.dynamini.changes}); the item layout stays known to this package only.
 *
 * @param tenant the tenant ({@code ""} without a tenant resolver)
 * @param typeName the entity name
 * @param id the id as stored (text)
 * @param revision the revision number (for a purge, the number the purge took)
 * @param type {@code INSERT}, {@code UPDATE} or {@code DELETE} for a revision, {@code UNKNOWN} for a purge
 * @param purge whether this is a purge
 * @param revisionId the revision's ULID, {@code ""} for a purge (it erases revisions and writes none)
 * @param instant the revision's instant, {@code null} for a purge (the stream record's time is the caller's)
 * @param state the entity's state of that revision (for a delete, the last live state); {@code null} for a purge
 * @param expiry whether this is the removal of an expired entity's latest item by DynamoDB's TTL (then
 * {@code revision}, {@code instant} and {@code state} are those of the removed item if the stream carried its old
 * image, else 0, {@code null}, {@code null})
 */
public record StoredChange(String tenant, String typeName, String id, long revision, RevisionType type, boolean purge,
		String revisionId, @Nullable Instant instant, @Nullable Map<String, AttributeValue> state, boolean expiry) {

	/**
	 * @param keys the keys of an item DynamoDB's TTL removed (a stream record of a removal by the service)
	 * @param oldImage the item as it was, if the stream carries old images, else {@code null}
	 * @return the expiry of an entity if the item was its latest item, else empty (revisions dropped by history
	 * retention, bookkeeping)
	 */
	public static Optional<StoredChange> expiry(@Nullable Map<String, AttributeValue> keys,
			@Nullable Map<String, AttributeValue> oldImage) {
		if (keys == null) {
			return Optional.empty();
		}
		AttributeValue pk = keys.get(TableLayout.PARTITION_KEY);
		AttributeValue sk = keys.get(TableLayout.SORT_KEY);
		if (pk == null || sk == null || pk.s() == null || !TableLayout.LATEST_SORT_KEY.equals(sk.s())) {
			return Optional.empty();
		}
		String[] parts = ItemKeys.parts(pk.s());
		if (parts == null) {
			return Optional.empty();
		}
		boolean known = oldImage != null && oldImage.containsKey(TableLayout.VERSION);
		Long expiresAt = known ? LatestItem.expiresAt(oldImage) : null;
		AttributeValue state = known ? oldImage.get(TableLayout.STATE) : null;
		return Optional.of(new StoredChange(parts[0], parts[1], parts[2],
				known ? Long.parseLong(oldImage.get(TableLayout.VERSION).n()) : 0, RevisionType.UNKNOWN, false, "",
				expiresAt == null ? null : Instant.ofEpochMilli(expiresAt), state == null ? null : state.m(), true));
	}

	/** @return whether {@code image} is a revision item of an entity (whose first write is its revision's event) */
	public static boolean isRevision(@Nullable Map<String, AttributeValue> image) {
		AttributeValue sk = image == null ? null : image.get(TableLayout.SORT_KEY);
		AttributeValue pk = image == null ? null : image.get(TableLayout.PARTITION_KEY);
		return sk != null && sk.s() != null && sk.s().startsWith(TableLayout.HISTORY_PREFIX) && pk != null
				&& pk.s() != null && ItemKeys.parts(pk.s()) != null;
	}

	/**
	 * @param image an item as written (a stream record's new image), or {@code null} (a removal)
	 * @return the change the item records, or empty for bookkeeping and removals
	 */
	public static Optional<StoredChange> from(@Nullable Map<String, AttributeValue> image) {
		if (image == null) {
			return Optional.empty();
		}
		AttributeValue pk = image.get(TableLayout.PARTITION_KEY);
		AttributeValue sk = image.get(TableLayout.SORT_KEY);
		if (pk == null || sk == null || pk.s() == null || sk.s() == null) {
			return Optional.empty();
		}
		String[] parts = ItemKeys.parts(pk.s());
		if (parts == null) {
			return Optional.empty();
		}
		if (sk.s().startsWith(TableLayout.HISTORY_PREFIX)) {
			Ulid ulid = Ulid.from(sk.s().substring(TableLayout.HISTORY_PREFIX.length()));
			AttributeValue state = image.get(TableLayout.STATE);
			return Optional.of(new StoredChange(parts[0], parts[1], parts[2],
					Long.parseLong(image.get(TableLayout.REVISION).n()), RevisionTypes.fromCode(image.get(TableLayout.TYPE)),
					false, ulid.toString(), ulid.getInstant(), state == null ? Map.of() : state.m(), false));
		}
		AttributeValue erased = image.get(TableLayout.ERASED);
		if (TableLayout.LATEST_SORT_KEY.equals(sk.s()) && erased != null && Boolean.TRUE.equals(erased.bool())) {
			return Optional.of(new StoredChange(parts[0], parts[1], parts[2],
					Long.parseLong(image.get(TableLayout.VERSION).n()), RevisionType.UNKNOWN, true, "", null, null, false));
		}
		return Optional.empty();
	}
}

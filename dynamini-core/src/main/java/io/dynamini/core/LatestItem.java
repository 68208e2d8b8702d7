package io.dynamini.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.f4b6a3.ulid.Ulid;

import io.dynamini.core.convert.DynaminiEntityConverter;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item that holds an entity's latest state, as read from the table.
 *
 * @param version number of the newest revision (for an erased entity: the number its purge ended at)
 * @param base number of the newest revision that no longer exists (0 unless a purge erased an earlier chain)
 * @param head ULID of the newest revision
 * @param type what the newest revision did
 * @param deleted whether the entity is soft-deleted
 * @param purgeToken the token of the purge erasing it, or {@code null}
 * @param erased whether a purge erased it (a stub without state or history)
 * @param writeToken the token of the write that produced the item, or {@code null}
 * @param state the entity's last state (its last live state while deleted)
 * @param author who wrote the newest revision, or {@code null}
 * @param pending ULIDs of the revisions history retention has not marked yet, oldest first (the newest last), or
 * {@code null} if the item has no such list (a type without retention, or not known)
 * @param expiresAt the entity's {@code @ExpiresAt} in epoch milliseconds, or {@code null} if it does not expire
 * @param generationStart ULID of the first revision of the current history (types with {@code @ExpiresAt}), or
 * {@code null}
 */
record LatestItem(long version, long base, Ulid head, RevisionType type, boolean deleted, @Nullable String purgeToken,
		boolean erased, @Nullable String writeToken, Map<String, AttributeValue> state, @Nullable String author,
		@Nullable List<Ulid> pending, @Nullable Long expiresAt, @Nullable Ulid generationStart) {

	/**
	 * @throws RuntimeException if the item is malformed; callers decode inside {@link StoredData#decode}
	 */
	static @Nullable LatestItem from(@Nullable Map<String, AttributeValue> item) {
		if (item == null || item.isEmpty() || !item.containsKey(TableLayout.VERSION)) {
			return null;
		}
		AttributeValue state = item.get(TableLayout.STATE);
		AttributeValue base = item.get(TableLayout.BASE);
		AttributeValue purge = item.get(TableLayout.PURGING);
		AttributeValue token = item.get(TableLayout.WRITE_TOKEN);
		AttributeValue author = item.get(TableLayout.AUTHOR);
		return new LatestItem(Long.parseLong(item.get(TableLayout.VERSION).n()),
				base == null ? 0 : Long.parseLong(base.n()), Ulid.from(item.get(TableLayout.HEAD).s()),
				RevisionTypes.fromCode(item.get(TableLayout.TYPE)), isTrue(item.get(TableLayout.DELETED)),
				purge == null ? null : String.valueOf(purge.s()), isTrue(item.get(TableLayout.ERASED)),
				token == null ? null : token.s(), state == null ? Map.of() : state.m(), author == null ? null : author.s(),
				pending(item.get(TableLayout.PENDING)), expiresAt(item),
				item.containsKey(TableLayout.GENERATION_START) ? Ulid.from(item.get(TableLayout.GENERATION_START).s()) : null);
	}

	/** @return the {@code @ExpiresAt} instant (epoch milliseconds) an item carries, or {@code null} */
	static @Nullable Long expiresAt(Map<String, AttributeValue> item) {
		AttributeValue expiresAt = item.get(TableLayout.EXPIRES_AT);
		return expiresAt == null ? null : Long.parseLong(expiresAt.n());
	}

	/** @return whether the entity's {@code @ExpiresAt} instant has come at {@code nowMillis} */
	boolean expired(long nowMillis) {
		return expiresAt != null && expiresAt <= nowMillis;
	}

	/** @return whether the entity is live and not expired at {@code nowMillis}: what reads show */
	boolean visible(long nowMillis) {
		return live() && !expired(nowMillis);
	}

	/**
	 * @return the attributes {@link RequestFactory#latestFlags} projects, as this item has them: version, base and the
	 * flags that decide whether it is visible
	 */
	Map<String, AttributeValue> flags() {
		Map<String, AttributeValue> flags = new HashMap<>();
		flags.put(TableLayout.VERSION, AttributeValue.fromN(Long.toString(version)));
		if (base != 0) {
			flags.put(TableLayout.BASE, AttributeValue.fromN(Long.toString(base)));
		}
		if (deleted) {
			flags.put(TableLayout.DELETED, AttributeValue.fromBool(true));
		}
		if (purgeToken != null) {
			flags.put(TableLayout.PURGING, AttributeValue.fromS(purgeToken));
		}
		if (erased) {
			flags.put(TableLayout.ERASED, AttributeValue.fromBool(true));
		}
		if (expiresAt != null) {
			flags.put(TableLayout.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
		}
		if (generationStart != null) {
			flags.put(TableLayout.GENERATION_START, AttributeValue.fromS(generationStart.toString()));
		}
		return flags;
	}

	private static @Nullable List<Ulid> pending(@Nullable AttributeValue list) {
		return list == null || !list.hasL() ? null : list.l().stream().map(ulid -> Ulid.from(ulid.s())).toList();
	}

	/**
	 * @return the newest revision as Spring Data sees it: number, instant, type and the entity at that revision
	 */
	<T> Revision<Long, T> toRevision(Class<T> type, DynaminiEntityConverter converter) {
		return Revision.of(new DynaminiRevisionMetadata(version, head.getInstant(), this.type, author),
				converter.read(type, state, version));
	}

	boolean purging() {
		return purgeToken != null;
	}

	boolean live() {
		return !deleted && !purging() && !erased;
	}

	/** @return whether the entity has stored revisions a reader may see (not erased, not being erased) */
	boolean hasHistory() {
		return !purging() && !erased;
	}

	/** @return how many revisions are stored */
	long revisionCount() {
		return hasHistory() ? version - base : 0;
	}

	private static boolean isTrue(@Nullable AttributeValue value) {
		return value != null && Boolean.TRUE.equals(value.bool());
	}
}

package io.dynamini.core;

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
 * @param version number of the newest revision
 * @param head ULID of the newest revision
 * @param type what the newest revision did
 * @param deleted whether the entity is soft-deleted
 * @param purging whether a purge is erasing it
 * @param state the entity's last state (its last live state while deleted)
 */
record LatestItem(long version, Ulid head, RevisionType type, boolean deleted, boolean purging,
		Map<String, AttributeValue> state) {

	static @Nullable LatestItem from(@Nullable Map<String, AttributeValue> item) {
		if (item == null || item.isEmpty() || !item.containsKey(TableLayout.VERSION)) {
			return null;
		}
		AttributeValue state = item.get(TableLayout.STATE);
		return new LatestItem(Long.parseLong(item.get(TableLayout.VERSION).n()),
				Ulid.from(item.get(TableLayout.HEAD).s()), RevisionTypes.fromCode(item.get(TableLayout.TYPE)),
				isTrue(item.get(TableLayout.DELETED)), isTrue(item.get(TableLayout.PURGING)),
				state == null ? Map.of() : state.m());
	}

	/**
	 * @return the newest revision as Spring Data sees it: number, instant, type and the entity at that revision
	 */
	<T> Revision<Long, T> toRevision(Class<T> type, DynaminiEntityConverter converter) {
		return Revision.of(new DynaminiRevisionMetadata(version, head.getInstant(), this.type),
				converter.read(type, state, version));
	}

	boolean live() {
		return !deleted && !purging;
	}

	private static boolean isTrue(@Nullable AttributeValue value) {
		return value != null && Boolean.TRUE.equals(value.bool());
	}
}

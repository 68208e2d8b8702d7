package io.dynamini.core;

import java.util.concurrent.ThreadLocalRandom;

import com.github.f4b6a3.ulid.Ulid;

import org.jspecify.annotations.Nullable;

/**
 * ULIDs of revisions: one millisecond per revision of an entity. A new revision's ULID takes the writer's clock,
 * or the millisecond after its predecessor's when that clock is not later, and 80 fresh random bits, so that two
 * writers who bump past the same predecessor never produce the same ULID, and every revision is reachable by its
 * instant. See docs/design.md, "Time".
 */
final class RevisionUlids {

	private RevisionUlids() {
	}

	/**
	 * @param predecessor the newest revision's ULID if known
	 * @param nowMillis the writer's clock
	 * @return a ULID in a later millisecond than {@code predecessor}
	 */
	static Ulid next(@Nullable Ulid predecessor, long nowMillis) {
		long time = predecessor == null ? nowMillis : Math.max(nowMillis, predecessor.getTime() + 1);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new Ulid((time << 16) | (random.nextLong() & 0xFFFFL), random.nextLong());
	}

	/**
	 * @return the smallest ULID of {@code ulid}'s millisecond: the newest revision must sort below it, i.e. lie in an
	 * earlier millisecond
	 */
	static Ulid floor(Ulid ulid) {
		return Ulid.min(ulid.getTime());
	}
}

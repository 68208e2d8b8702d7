package io.dynamini.core;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import com.github.f4b6a3.ulid.Ulid;

import org.jspecify.annotations.Nullable;

/**
 * ULIDs of revisions: one millisecond per revision of an entity. A new revision's ULID takes the writer's clock,
 * or the millisecond after its predecessor's when that clock is not later, so that every revision is reachable by its
 * instant. Its 80 other bits are random, so that two writers who bump past the same predecessor do not produce the
 * same ULID; within one process, ULIDs drawn in the same millisecond as the one drawn last increment it instead, so
 * that entities created one after the other in one millisecond still list in creation order (the type index sorts
 * by the creation revision's ULID). See docs/design.md, "Time".
 */
final class RevisionUlids {

	/** The ULID this process drew last. */
	private static final AtomicReference<Ulid> LAST = new AtomicReference<>(Ulid.min(0));

	private RevisionUlids() {
	}

	/**
	 * @param predecessor the newest revision's ULID if known
	 * @param nowMillis the writer's clock
	 * @return a ULID in a later millisecond than {@code predecessor}
	 */
	static Ulid next(@Nullable Ulid predecessor, long nowMillis) {
		long time = predecessor == null ? nowMillis : Math.max(nowMillis, predecessor.getTime() + 1);
		return LAST.updateAndGet(last -> {
			if (last.getTime() == time) {
				Ulid incremented = last.increment();
				if (incremented.getTime() == time) {
					return incremented;
				}
			}
			return random(time);
		});
	}

	private static Ulid random(long time) {
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

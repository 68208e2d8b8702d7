package io.dynamini.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.f4b6a3.ulid.Ulid;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * How long an entity type keeps its superseded revisions: for {@code retain} after they were superseded, and/or the
 * newest {@code keepRevisions} of them. With both, a revision is kept while either keeps it (as S3 keeps noncurrent
 * versions). The current revision is never dropped. Dropped revisions are invisible to every read at once and are
 * deleted by DynamoDB's TTL later (see docs/design.md, "History retention").
 *
 * @param retain how long a revision stays readable after a newer one superseded it, or {@code null} for no time limit
 * @param keepRevisions how many of the newest revisions stay readable (the current one included), or {@code 0} for no
 * count limit
 */
public record HistoryRetention(@Nullable Duration retain, int keepRevisions) {

	/** Keeps every revision (the default). */
	public static final HistoryRetention FOREVER = new HistoryRetention(null, 0);

	/** Superseded revisions marked for deletion in one write at most (each is one more action of its transaction). */
	static final int MARKS_PER_WRITE = 25;

	/**
	 * How many unmarked superseded revisions beyond those kept a write may leave before it must mark some (a write that
	 * does not know the pending list is refused beyond that and learns it from the refusal).
	 */
	static final int PENDING_SLACK = 20;

	public HistoryRetention {
		Assert.isTrue(retain == null || (!retain.isNegative() && !retain.isZero()),
				() -> "A history retention must be a positive duration, not " + retain);
		Assert.isTrue(keepRevisions >= 0, () -> "keepRevisions must not be negative, not " + keepRevisions);
	}

	/** @return whether some revisions are ever dropped */
	public boolean isLimited() {
		return retain != null || keepRevisions > 0;
	}

	/**
	 * @return the most ULIDs the latest item's pending list may hold before a write must mark some
	 */
	int pendingCap() {
		return keepRevisions + PENDING_SLACK;
	}

	/**
	 * Which of the revisions not yet marked for deletion a write of revision {@code next} marks, and when each one's
	 * items expire.
	 *
	 * @param pending ULIDs of the unmarked revisions, oldest first, the last one the current (about to be superseded)
	 * @param newestRevision the number of the last of {@code pending}
	 * @param next ULID of the revision being written
	 */
	Marking marking(List<Ulid> pending, long newestRevision, Ulid next) {
		long written = newestRevision + 1;
		long first = newestRevision - pending.size() + 1;
		List<Mark> marks = new ArrayList<>();
		int marked = 0;
		while (marked < pending.size() && marks.size() < MARKS_PER_WRITE) {
			long revision = first + marked;
			if (keepRevisions > 0 && revision > written - keepRevisions) {
				break;
			}
			Ulid successor = marked + 1 < pending.size() ? pending.get(marked + 1) : next;
			Instant expiry = Instant.MIN;
			if (retain != null) {
				expiry = successor.getInstant().plus(retain);
			}
			if (keepRevisions > 0 && next.getInstant().isAfter(expiry)) {
				expiry = next.getInstant();
			}
			marks.add(new Mark(pending.get(marked), epochSecondsUp(expiry)));
			marked++;
		}
		List<Ulid> after = new ArrayList<>(pending.subList(marked, pending.size()));
		after.add(next);
		return new Marking(marks, after);
	}

	/**
	 * The oldest revision still readable at {@code now}, given the entity's newest revision number {@code version},
	 * its base {@code base} (revisions up to it were erased) and {@code currentAtCutoff}, the number of the newest
	 * revision written at or before {@code now - retain} (or {@code null} if none or no time limit).
	 */
	long oldestReadable(long version, long base, @Nullable Long currentAtCutoff) {
		if (!isLimited()) {
			return base + 1;
		}
		// each limit keeps from some revision on; a revision is kept while either keeps it
		long byTime = retain == null ? Long.MAX_VALUE : currentAtCutoff == null ? base + 1 : currentAtCutoff;
		long byCount = keepRevisions == 0 ? Long.MAX_VALUE : version - keepRevisions + 1;
		return Math.max(base + 1, Math.min(byTime, byCount));
	}

	/** @return {@code now - retain}: revisions superseded before it are gone */
	@Nullable Instant cutoff(Instant now) {
		return retain == null ? null : now.minus(retain);
	}

	/** @return the instant as DynamoDB's TTL attribute holds it: epoch seconds, rounded up */
	static long epochSecondsUp(Instant instant) {
		return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
	}

	/**
	 * A write's marks and the pending list it leaves.
	 *
	 * @param marks the revisions it marks for deletion
	 * @param pendingAfter the unmarked revisions after the write, its own last
	 */
	record Marking(List<Mark> marks, List<Ulid> pendingAfter) {
	}

	/**
	 * A revision item to give the TTL {@code expiresAtEpochSecond}.
	 */
	record Mark(Ulid revision, long expiresAtEpochSecond) {
	}
}

package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.Ulid;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The ULID of a new revision lies in a later millisecond than its predecessor's whatever the writer's clock says,
 * takes the clock when it is later, passes the write condition's floor, and two writers bumping past the same
 * predecessor do not produce the same ULID.
 */
class RevisionUlidsPropertyTests {

	static final long MAX_TIME = (1L << 48) - 2;

	@Property(tries = 2000)
	void aNewRevisionLiesInALaterMillisecondThanItsPredecessor(@ForAll @LongRange(min = 0, max = MAX_TIME) long predecessorTime,
			@ForAll @LongRange(min = 0, max = MAX_TIME) long clock, @ForAll long randomHigh, @ForAll long randomLow) {
		Ulid predecessor = new Ulid((predecessorTime << 16) | (randomHigh & 0xFFFFL), randomLow);

		Ulid next = RevisionUlids.next(predecessor, clock);

		assertThat(next.getTime()).isEqualTo(Math.max(clock, predecessorTime + 1));
		assertThat(next.compareTo(predecessor)).isPositive();
		// the write condition: the newest revision sorts below the new one's millisecond floor
		assertThat(predecessor.toString().compareTo(RevisionUlids.floor(next).toString())).isNegative();
		assertThat(RevisionUlids.floor(next).toString().compareTo(next.toString())).isLessThanOrEqualTo(0);
	}

	@Property(tries = 500)
	void writersBumpingPastTheSamePredecessorDrawDifferentUlids(
			@ForAll @LongRange(min = 1, max = MAX_TIME) long predecessorTime) {
		Ulid predecessor = Ulid.min(predecessorTime);
		long behind = predecessorTime - 1;

		assertThat(RevisionUlids.next(predecessor, behind)).isNotEqualTo(RevisionUlids.next(predecessor, behind));
	}

	@Property(tries = 500)
	void withoutAPredecessorTheClockDecides(@ForAll @LongRange(min = 0, max = MAX_TIME) long clock) {
		assertThat(RevisionUlids.next(null, clock).getTime()).isEqualTo(clock);
	}
}

package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.github.f4b6a3.ulid.Ulid;

import org.junit.jupiter.api.Test;

/**
 * The ULID of a new revision lies in a later millisecond than its predecessor's whatever the writer's clock says,
 * takes the clock when it is later, passes the write condition's floor, and two writers bumping past the same
 * predecessor do not produce the same ULID; ULIDs drawn one after another in one millisecond increase (creation
 * order of entities created within one millisecond).
 */
class RevisionUlidsPropertyTests {

	static final long MAX_TIME = (1L << 48) - 2;

	@Test
	void aNewRevisionLiesInALaterMillisecondThanItsPredecessor() {
		qt().withExamples(2000)
			.forAll(longs().between(0, MAX_TIME), longs().between(0, MAX_TIME), longs().all(), longs().all())
			.checkAssert((predecessorTime, clock, randomHigh, randomLow) -> {
				Ulid predecessor = new Ulid((predecessorTime << 16) | (randomHigh & 0xFFFFL), randomLow);
				Ulid next = RevisionUlids.next(predecessor, clock);
				assertThat(next.getTime()).isEqualTo(Math.max(clock, predecessorTime + 1));
				assertThat(next.compareTo(predecessor)).isPositive();
				// the write condition: the newest revision sorts below the new one's millisecond floor
				assertThat(predecessor.toString().compareTo(RevisionUlids.floor(next).toString())).isNegative();
				assertThat(RevisionUlids.floor(next).toString().compareTo(next.toString())).isLessThanOrEqualTo(0);
			});
	}

	@Test
	void writersBumpingPastTheSamePredecessorDrawDifferentUlids() {
		qt().withExamples(500).forAll(longs().between(1, MAX_TIME)).checkAssert(predecessorTime -> {
			Ulid predecessor = Ulid.min(predecessorTime);
			long behind = predecessorTime - 1;
			assertThat(RevisionUlids.next(predecessor, behind)).isNotEqualTo(RevisionUlids.next(predecessor, behind));
		});
	}

	@Test
	void ulidsDrawnOneAfterAnotherInOneMillisecondIncrease() {
		qt().withExamples(500).forAll(longs().between(0, MAX_TIME), integers().between(2, 50)).checkAssert((clock, n) -> {
			List<Ulid> drawn = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				drawn.add(RevisionUlids.next(null, clock));
			}
			assertThat(drawn).allSatisfy(ulid -> assertThat(ulid.getTime()).isEqualTo(clock))
				.doesNotHaveDuplicates()
				.isSortedAccordingTo(Comparator.comparing(Ulid::toString));
		});
	}

	@Test
	void withoutAPredecessorTheClockDecides() {
		qt().withExamples(500)
			.forAll(longs().between(0, MAX_TIME))
			.checkAssert(clock -> assertThat(RevisionUlids.next(null, clock).getTime()).isEqualTo(clock));
	}
}

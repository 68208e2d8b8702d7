package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.f4b6a3.ulid.Ulid;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * History retention's two halves agree whatever the history, the retention and which writers know the pending list:
 * DynamoDB never deletes (TTL) a revision that reads still consider readable, writes mark oldest first and at most
 * {@link HistoryRetention#MARKS_PER_WRITE} at a time, and the pending list stays the unmarked tail of the history.
 */
class HistoryRetentionPropertyTests {

	/** A random history: the retention, the gaps between revisions, which writers know the list, the read time. */
	record Scenario(int retainMinutes, int keep, List<Long> gaps, List<Boolean> writerKnowsTheList, long readAfter) {
	}

	@Test
	void noRevisionReadsStillShowIsEverGivenAnExpiryThatHasPassed() {
		Gen<int[]> limits = integers().between(0, 120)
			.zip(integers().between(0, 6), (retain, keep) -> new int[] { retain, keep })
			.assuming(limit -> limit[0] > 0 || limit[1] > 0);
		Gen<Scenario> scenarios = limits.zip(lists().of(longs().between(1, 3_600_000)).ofSizeBetween(1, 120),
				lists().of(booleans().all()).ofSize(120), longs().between(0, 86_400_000),
				(limit, gaps, knows, readAfter) -> new Scenario(limit[0], limit[1], gaps, knows, readAfter));
		qt().withExamples(1000).forAll(scenarios).checkAssert(scenario -> check(scenario.retainMinutes(), scenario.keep(),
				scenario.gaps(), scenario.writerKnowsTheList(), scenario.readAfter()));
	}

	private static void check(int retainMinutes, int keep, List<Long> gaps, List<Boolean> writerKnowsTheList,
			long readAfter) {
		HistoryRetention retention = new HistoryRetention(retainMinutes == 0 ? null : Duration.ofMinutes(retainMinutes),
				keep);
		long start = 1_700_000_000_000L;
		List<Ulid> ulids = new ArrayList<>();
		ulids.add(null);
		ulids.add(Ulid.min(start));
		Map<Long, Long> expiries = new HashMap<>();
		List<Ulid> pending = new ArrayList<>(List.of(ulids.get(1)));
		long time = start;
		for (int i = 0; i < gaps.size(); i++) {
			time += gaps.get(i);
			Ulid next = Ulid.min(time);
			long written = ulids.size();
			ulids.add(next);
			boolean knows = writerKnowsTheList.get(i) || pending.size() >= retention.pendingCap();
			if (!knows) {
				pending.add(next);
				continue;
			}
			long first = written - pending.size();
			HistoryRetention.Marking marking = retention.marking(pending, written - 1, next);
			assertThat(marking.marks().size()).isLessThanOrEqualTo(HistoryRetention.MARKS_PER_WRITE);
			for (int m = 0; m < marking.marks().size(); m++) {
				HistoryRetention.Mark mark = marking.marks().get(m);
				assertThat(mark.revision()).as("oldest first").isEqualTo(ulids.get((int) (first + m)));
				assertThat(expiries.put(first + m, mark.expiresAtEpochSecond())).as("marked once").isNull();
			}
			pending = new ArrayList<>(marking.pendingAfter());
			assertThat(pending.get(pending.size() - 1)).isEqualTo(next);
		}
		long version = ulids.size() - 1;
		List<Ulid> tail = ulids.subList((int) (version - pending.size() + 1), (int) version + 1);
		assertThat(pending).as("the pending list is the unmarked tail").isEqualTo(tail);

		long now = time + readAfter;
		Long atCutoff = null;
		if (retention.retain() != null) {
			long cutoff = now - retention.retain().toMillis();
			for (long r = version; r >= 1; r--) {
				if (ulids.get((int) r).getTime() <= cutoff) {
					atCutoff = r;
					break;
				}
			}
		}
		long oldest = retention.oldestReadable(version, 0, atCutoff);
		assertThat(oldest).isBetween(1L, version);
		for (long r = oldest; r <= version; r++) {
			Long expiry = expiries.get(r);
			assertThat(expiry == null || expiry * 1000 >= now).as("revision %d is readable at %d but expires at %s", r,
					now, expiry).isTrue();
		}
		if (keep > 0) {
			assertThat(version - oldest + 1).as("at least the newest %d are readable", keep)
				.isGreaterThanOrEqualTo(Math.min(keep, version));
		}
	}

	@Test
	void withoutAnyLimitEveryStoredRevisionIsReadable() {
		qt().withExamples(300)
			.forAll(longs().between(1, 10_000), longs().between(0, 9_999))
			.checkAssert((version, anyBase) -> {
				long base = anyBase % version;
				assertThat(HistoryRetention.FOREVER.oldestReadable(version, base, null)).isEqualTo(base + 1);
				assertThat(new HistoryRetention(Duration.ofDays(1), 0).oldestReadable(version, base, null))
					.as("nothing written before the cutoff").isEqualTo(base + 1);
			});
	}
}

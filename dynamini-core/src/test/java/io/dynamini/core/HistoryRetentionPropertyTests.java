package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.f4b6a3.ulid.Ulid;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * History retention's two halves agree whatever the history, the retention and which writers know the pending list:
 * DynamoDB never deletes (TTL) a revision that reads still consider readable, writes mark oldest first and at most
 * {@link HistoryRetention#MARKS_PER_WRITE} at a time, and the pending list stays the unmarked tail of the history.
 */
class HistoryRetentionPropertyTests {

	@Property(tries = 1000)
	void noRevisionReadsStillShowIsEverGivenAnExpiryThatHasPassed(
			@ForAll @IntRange(min = 0, max = 120) int retainMinutes, @ForAll @IntRange(min = 0, max = 6) int keep,
			@ForAll @Size(min = 1, max = 120) List<@LongRange(min = 1, max = 3_600_000) Long> gaps,
			@ForAll @Size(min = 120, max = 120) List<Boolean> writerKnowsTheList,
			@ForAll @LongRange(min = 0, max = 86_400_000) long readAfter) {
		Assume.that(retainMinutes > 0 || keep > 0);
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

	@Property(tries = 300)
	void withoutAnyLimitEveryStoredRevisionIsReadable(@ForAll @LongRange(min = 1, max = 10_000) long version,
			@ForAll @LongRange(min = 0, max = 10_000) long base) {
		Assume.that(base < version);
		assertThat(HistoryRetention.FOREVER.oldestReadable(version, base, null)).isEqualTo(base + 1);
		assertThat(new HistoryRetention(Duration.ofDays(1), 0).oldestReadable(version, base, null))
			.as("nothing written before the cutoff").isEqualTo(base + 1);
	}
}

package io.dynamini.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.springframework.data.mapping.MappingException;

/**
 * For random pairs of values, the order and equality of their index encodings (compared as DynamoDB compares string
 * keys: by UTF-8 bytes) are the order and equality of the values, edges included.
 */
class IndexValuesPropertyTests {

	// ------------------------------------------------------------------------------------------------ numbers

	@Property(tries = 3000)
	void numbersOfAnyTypeKeepOrderAndEquality(@ForAll("numbers") Number a, @ForAll("numbers") Number b) {
		assertSameOrder(decimal(a).compareTo(decimal(b)), a, b);
	}

	@Property(tries = 2000)
	void equalDecimalsWithOtherScalesEncodeAlike(@ForAll("decimals") BigDecimal value) {
		BigDecimal rescaled = value.setScale(value.scale() + 3);
		assertThat(IndexValues.encode(rescaled)).isEqualTo(IndexValues.encode(value));
	}

	@Provide
	Arbitrary<Number> numbers() {
		return Arbitraries.oneOf(decimals().map(Number.class::cast), Arbitraries.longs().map(Number.class::cast),
				Arbitraries.integers().map(Number.class::cast),
				Arbitraries.doubles().filter(Double::isFinite).map(Number.class::cast),
				Arbitraries.floats().filter(Float::isFinite).map(Number.class::cast),
				Arbitraries.bigIntegers()
					.between(BigInteger.TWO.pow(200).negate(), BigInteger.TWO.pow(200))
					.map(Number.class::cast),
				Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
						Long.MAX_VALUE, Long.MIN_VALUE, 1L << 60, BigInteger.TWO.pow(63), new BigDecimal("1E+19"),
						new BigDecimal("0.1"), new BigDecimal("0.10000000000000000001"), 0.1, 0.1f,
						new BigDecimal("-0.10000000000000000001"), new BigDecimal("-1E-130"), new BigDecimal("9.9E+125"))
					.map(Number.class::cast));
	}

	@Provide
	Arbitrary<BigDecimal> decimals() {
		Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers()
			.between(BigInteger.TEN.pow(38).negate(), BigInteger.TEN.pow(38))
			.edgeCases(edges -> edges.add(BigInteger.ZERO));
		return Combinators.combine(unscaled, Arbitraries.integers().between(-130, 130)).as(BigDecimal::new);
	}

	private static BigDecimal decimal(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal;
		}
		if (number instanceof BigInteger big) {
			return new BigDecimal(big);
		}
		// what DynamoDB stores for a floating point value: the text the enhanced client writes
		return new BigDecimal(number.toString());
	}

	@Example
	void theValuesDoublesLostAreDistinctAndOrdered() {
		assertOrdered(new BigDecimal(BigInteger.TWO.pow(60)), new BigDecimal("1E+19"));
		assertOrdered(new BigDecimal("0.1"), new BigDecimal("0.10000000000000000001"));
		assertOrdered(Long.MAX_VALUE, BigInteger.TWO.pow(63));
		assertOrdered(-0.1, new BigDecimal("-0.09999999999999999999"));
		assertThat(IndexValues.encode(0.1)).isEqualTo(IndexValues.encode(new BigDecimal("0.10")));
		assertThat(IndexValues.encode(-0.0)).isEqualTo(IndexValues.encode(0));
	}

	@Example
	void numbersDynamoDbCannotStoreAreRejected() {
		assertThatThrownBy(() -> IndexValues.encode(Double.NaN)).isInstanceOf(MappingException.class)
			.hasMessageContaining("NaN");
		assertThatThrownBy(() -> IndexValues.encode(Float.NEGATIVE_INFINITY)).isInstanceOf(MappingException.class);
	}

	// ------------------------------------------------------------------------------------------ time values

	@Property(tries = 2000)
	void datesKeepOrderOverTheirWholeRange(@ForAll("dates") LocalDate a, @ForAll("dates") LocalDate b) {
		assertSameOrder(a.compareTo(b), a, b);
	}

	@Property(tries = 2000)
	void dateTimesKeepOrderOverTheirWholeRange(@ForAll("dateTimes") LocalDateTime a,
			@ForAll("dateTimes") LocalDateTime b) {
		assertSameOrder(a.compareTo(b), a, b);
	}

	@Property(tries = 2000)
	void instantsKeepOrderOverTheirWholeRange(@ForAll("instants") Instant a, @ForAll("instants") Instant b) {
		assertSameOrder(a.compareTo(b), a, b);
	}

	@Property(tries = 1000)
	void offsetDateTimesOrderByTheirInstant(@ForAll("instants") Instant a, @ForAll("instants") Instant b,
			@ForAll("offsets") ZoneOffset offsetA, @ForAll("offsets") ZoneOffset offsetB) {
		Instant from = Instant.parse("-999999999-01-01T00:00:00Z").plusSeconds(24 * 3600);
		Instant to = Instant.parse("+999999999-12-31T23:59:59Z").minusSeconds(24 * 3600);
		if (a.isBefore(from) || a.isAfter(to) || b.isBefore(from) || b.isAfter(to)) {
			return; // OffsetDateTime cannot hold these at every offset
		}
		assertSameOrder(a.compareTo(b), OffsetDateTime.ofInstant(a, offsetA), OffsetDateTime.ofInstant(b, offsetB));
	}

	@Property(tries = 1000)
	void timesKeepOrder(@ForAll("times") LocalTime a, @ForAll("times") LocalTime b) {
		assertSameOrder(a.compareTo(b), a, b);
	}

	@Provide
	Arbitrary<LocalDate> dates() {
		return Arbitraries.longs()
			.between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay())
			.map(LocalDate::ofEpochDay)
			.edgeCases(edges -> edges.add(LocalDate.of(9999, 12, 31)).add(LocalDate.of(10000, 1, 1))
				.add(LocalDate.of(-1, 12, 31)).add(LocalDate.of(0, 1, 1)));
	}

	@Provide
	Arbitrary<LocalDateTime> dateTimes() {
		return Combinators.combine(dates(), times()).as(LocalDateTime::of);
	}

	@Provide
	Arbitrary<LocalTime> times() {
		return Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay()).map(LocalTime::ofNanoOfDay);
	}

	@Provide
	Arbitrary<Instant> instants() {
		return Combinators.combine(
				Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
				Arbitraries.integers().between(0, 999_999_999))
			.as(Instant::ofEpochSecond)
			.edgeCases(edges -> edges.add(Instant.MIN).add(Instant.MAX).add(Instant.EPOCH)
				.add(Instant.EPOCH.minusNanos(1)));
	}

	@Provide
	Arbitrary<ZoneOffset> offsets() {
		return Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds);
	}

	// ---------------------------------------------------------------------------------------- other values

	@Property(tries = 2000)
	void stringsOrderByCodePoint(@ForAll String a, @ForAll String b) {
		assertSameOrder(Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()), a, b);
	}

	@Property(tries = 1000)
	void uuidsOrderAsUnsigned128BitNumbers(@ForAll("uuids") UUID a, @ForAll("uuids") UUID b) {
		int order = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
		if (order == 0) {
			order = Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
		}
		assertSameOrder(order, a, b);
	}

	@Provide
	Arbitrary<UUID> uuids() {
		return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
	}

	@Example
	void booleansAndEnumsKeepEquality() {
		assertOrdered(false, true);
		assertThat(IndexValues.encode(Thread.State.NEW)).isNotEqualTo(IndexValues.encode(Thread.State.RUNNABLE))
			.isEqualTo(IndexValues.encode(Thread.State.valueOf("NEW")));
	}

	// -------------------------------------------------------------------------------------------- helpers

	private static void assertOrdered(Object smaller, Object larger) {
		assertSameOrder(-1, smaller, larger);
	}

	/**
	 * The encodings compare (as DynamoDB compares string keys: UTF-8 bytes, unsigned) as {@code valueOrder} says.
	 */
	private static void assertSameOrder(int valueOrder, Object a, Object b) {
		String encodedA = IndexValues.encode(a);
		String encodedB = IndexValues.encode(b);
		int encodedOrder = Arrays.compareUnsigned(encodedA.getBytes(StandardCharsets.UTF_8),
				encodedB.getBytes(StandardCharsets.UTF_8));
		assertThat(Integer.signum(encodedOrder)).as("order of %s (%s) and %s (%s)", a, encodedA, b, encodedB)
			.isEqualTo(Integer.signum(valueOrder));
	}
}

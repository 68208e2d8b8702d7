package io.dynamini.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

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
import java.util.List;
import java.util.UUID;

import io.dynamini.test.Generators;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.springframework.data.mapping.MappingException;

/**
 * For random pairs of values, the order and equality of their index encodings (compared as DynamoDB compares string
 * keys: by UTF-8 bytes) are the order and equality of the values, edges included.
 */
class IndexValuesPropertyTests {

	// ------------------------------------------------------------------------------------------------ numbers

	@Test
	void numbersOfAnyTypeKeepOrderAndEquality() {
		qt().withExamples(3000).forAll(numbers(), numbers()).checkAssert((a, b) -> assertSameOrder(decimal(a).compareTo(decimal(b)), a, b));
	}

	@Test
	void equalDecimalsWithOtherScalesEncodeAlike() {
		qt().withExamples(2000).forAll(decimals()).checkAssert(value -> {
			BigDecimal rescaled = value.setScale(value.scale() + 3);
			assertThat(IndexValues.encode(rescaled)).isEqualTo(IndexValues.encode(value));
		});
	}

	static Gen<Number> numbers() {
		Gen<Number> edges = Generate.pick(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
				-Double.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 60, BigInteger.TWO.pow(63), new BigDecimal("1E+19"),
				new BigDecimal("0.1"), new BigDecimal("0.10000000000000000001"), 0.1, 0.1f,
				new BigDecimal("-0.10000000000000000001"), new BigDecimal("-1E-130"), new BigDecimal("9.9E+125")));
		return Generate.oneOf(decimals().map(Number.class::cast), longs().all().map(Number.class::cast),
				integers().all().map(Number.class::cast),
				doubles().any().assuming(Double::isFinite).map(Number.class::cast),
				floats().any().assuming(Float::isFinite).map(Number.class::cast),
				Generators.bigIntegers(BigInteger.TWO.pow(200)).map(Number.class::cast), edges);
	}

	static Gen<BigDecimal> decimals() {
		Gen<BigInteger> unscaled = Generators.withEdges(Generators.bigIntegers(BigInteger.TEN.pow(38)), BigInteger.ZERO);
		return unscaled.zip(integers().between(-130, 130), BigDecimal::new);
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

	@Test
	void theValuesDoublesLostAreDistinctAndOrdered() {
		assertOrdered(new BigDecimal(BigInteger.TWO.pow(60)), new BigDecimal("1E+19"));
		assertOrdered(new BigDecimal("0.1"), new BigDecimal("0.10000000000000000001"));
		assertOrdered(Long.MAX_VALUE, BigInteger.TWO.pow(63));
		assertOrdered(-0.1, new BigDecimal("-0.09999999999999999999"));
		assertThat(IndexValues.encode(0.1)).isEqualTo(IndexValues.encode(new BigDecimal("0.10")));
		assertThat(IndexValues.encode(-0.0)).isEqualTo(IndexValues.encode(0));
	}

	@Test
	void numbersDynamoDbCannotStoreAreRejected() {
		assertThatThrownBy(() -> IndexValues.encode(Double.NaN)).isInstanceOf(MappingException.class)
			.hasMessageContaining("NaN");
		assertThatThrownBy(() -> IndexValues.encode(Float.NEGATIVE_INFINITY)).isInstanceOf(MappingException.class);
	}

	// ------------------------------------------------------------------------------------------ time values

	@Test
	void datesKeepOrderOverTheirWholeRange() {
		qt().withExamples(2000).forAll(dates(), dates()).checkAssert((a, b) -> assertSameOrder(a.compareTo(b), a, b));
	}

	@Test
	void dateTimesKeepOrderOverTheirWholeRange() {
		qt().withExamples(2000).forAll(dateTimes(), dateTimes()).checkAssert((a, b) -> assertSameOrder(a.compareTo(b), a, b));
	}

	@Test
	void instantsKeepOrderOverTheirWholeRange() {
		qt().withExamples(2000).forAll(instants(), instants()).checkAssert((a, b) -> assertSameOrder(a.compareTo(b), a, b));
	}

	@Test
	void offsetDateTimesOrderByTheirInstant() {
		qt().withExamples(1000).forAll(instants(), instants(), offsets(), offsets()).checkAssert(this::offsetOrder);
	}

	void offsetOrder(Instant a, Instant b, ZoneOffset offsetA, ZoneOffset offsetB) {
		Instant from = Instant.parse("-999999999-01-01T00:00:00Z").plusSeconds(24 * 3600);
		Instant to = Instant.parse("+999999999-12-31T23:59:59Z").minusSeconds(24 * 3600);
		if (a.isBefore(from) || a.isAfter(to) || b.isBefore(from) || b.isAfter(to)) {
			return; // OffsetDateTime cannot hold these at every offset
		}
		assertSameOrder(a.compareTo(b), OffsetDateTime.ofInstant(a, offsetA), OffsetDateTime.ofInstant(b, offsetB));
	}

	@Test
	void timesKeepOrder() {
		qt().withExamples(1000).forAll(times(), times()).checkAssert((a, b) -> assertSameOrder(a.compareTo(b), a, b));
	}

	static Gen<LocalDate> dates() {
		return Generators.withEdges(longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()).map(LocalDate::ofEpochDay),
				LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 1), LocalDate.of(-1, 12, 31), LocalDate.of(0, 1, 1),
				LocalDate.MIN, LocalDate.MAX);
	}

	static Gen<LocalDateTime> dateTimes() {
		return dates().zip(times(), LocalDateTime::of);
	}

	static Gen<LocalTime> times() {
		return longs().between(0, LocalTime.MAX.toNanoOfDay()).map(LocalTime::ofNanoOfDay);
	}

	static Gen<Instant> instants() {
		return Generators.withEdges(longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
			.zip(integers().between(0, 999_999_999), (seconds, nanos) -> Instant.ofEpochSecond(seconds, nanos)),
				Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.EPOCH.minusNanos(1));
	}

	static Gen<ZoneOffset> offsets() {
		return integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds);
	}

	// ---------------------------------------------------------------------------------------- other values

	@Test
	void stringsOrderByCodePoint() {
		Gen<String> strings = Generators.unicodeStrings(12);
		qt().withExamples(2000).forAll(strings, strings).checkAssert(
				(a, b) -> assertSameOrder(Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()), a, b));
	}

	@Test
	void uuidsOrderAsUnsigned128BitNumbers() {
		Gen<UUID> uuids = longs().all().zip(longs().all(), UUID::new);
		qt().withExamples(1000).forAll(uuids, uuids).checkAssert((a, b) -> {
			int order = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
			if (order == 0) {
				order = Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
			}
			assertSameOrder(order, a, b);
		});
	}

	@Test
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

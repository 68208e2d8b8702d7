package io.dynamini.core.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.springframework.data.mapping.MappingException;

/**
 * Encodes the value of an indexed or sort property as a string whose order (DynamoDB compares string keys by their
 * UTF-8 bytes) is the value's order, so that key conditions ({@code <}, {@code BETWEEN}, {@code begins_with}) compare
 * values exactly; equal values give equal strings and different values different strings. Numbers of every type
 * compare exactly with each other as the decimals DynamoDB stores; instants, dates and times over their whole
 * range. Strings order by code point (= UTF-8 byte order), enums by name (stable when constants are reordered),
 * UUIDs by their text (= unsigned 128-bit order). {@code IndexValuesPropertyTests} proves it.
 */
public final class IndexValues {

	/** Decimal exponents of BigDecimals lie within +-2^33; biased they fit 9 hex digits. */
	private static final long EXPONENT_BIAS = 1L << 33;

	private static final long MAX_BIASED_EXPONENT = (1L << 36) - 1;

	/** Ends a negative number's digits; sorts after '9'. */
	private static final char NEGATIVE_TERMINATOR = ':';

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS");

	private IndexValues() {
	}

	/**
	 * @return whether values of the type can be indexed
	 */
	public static boolean supports(Class<?> type) {
		Class<?> boxed = box(type);
		return boxed == String.class || Number.class.isAssignableFrom(boxed) && isSupportedNumber(boxed)
				|| boxed == Boolean.class || boxed.isEnum() || boxed == UUID.class || boxed == Instant.class
				|| boxed == LocalDate.class || boxed == LocalDateTime.class || boxed == LocalTime.class
				|| boxed == OffsetDateTime.class || boxed == ZonedDateTime.class || boxed == Character.class;
	}

	/**
	 * @return whether {@code begins_with} on the encoded value means "starts with" on the value
	 */
	public static boolean supportsPrefix(Class<?> type) {
		return type == String.class || type == UUID.class;
	}

	/**
	 * Encodes a value; numbers of any supported type compare correctly with each other.
	 *
	 * @throws MappingException for an unsupported type
	 */
	public static String encode(Object value) {
		if (value instanceof String s) {
			return s;
		}
		if (value instanceof Character c) {
			return c.toString();
		}
		if (value instanceof Boolean b) {
			return b ? "1" : "0";
		}
		if (value instanceof Enum<?> e) {
			return e.name();
		}
		if (value instanceof UUID u) {
			return u.toString();
		}
		if (value instanceof Number number && isSupportedNumber(number.getClass())) {
			return encodeNumber(toDecimal(number));
		}
		if (value instanceof Instant instant) {
			return encodeLong(instant.getEpochSecond()) + String.format("%08x", instant.getNano());
		}
		if (value instanceof OffsetDateTime time) {
			return encode(time.toInstant());
		}
		if (value instanceof ZonedDateTime time) {
			return encode(time.toInstant());
		}
		if (value instanceof LocalDate date) {
			return encodeLong(date.toEpochDay());
		}
		if (value instanceof LocalDateTime time) {
			return encodeLong(time.toLocalDate().toEpochDay()) + String.format("%012x", time.toLocalTime().toNanoOfDay());
		}
		if (value instanceof LocalTime time) {
			return LOCAL_TIME.format(time);
		}
		throw new MappingException("Values of type %s cannot be indexed".formatted(value.getClass().getName()));
	}

	private static boolean isSupportedNumber(Class<?> type) {
		return type == Byte.class || type == Short.class || type == Integer.class || type == Long.class
				|| type == Float.class || type == Double.class || type == BigInteger.class || type == BigDecimal.class;
	}

	/**
	 * The exact decimal value DynamoDB stores for a number: floating point values as the enhanced client writes
	 * them ({@code Double.toString}, the shortest text that reads back as the same double, so order is kept).
	 */
	private static BigDecimal toDecimal(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal;
		}
		if (number instanceof BigInteger big) {
			return new BigDecimal(big);
		}
		if (number instanceof Double || number instanceof Float) {
			double d = number.doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				throw new MappingException("%s cannot be indexed: DynamoDB stores no NaN or infinite numbers".formatted(number));
			}
			return new BigDecimal(number.toString());
		}
		return BigDecimal.valueOf(number.longValue());
	}

	/**
	 * Encodes any decimal exactly, so that string order is numeric order: {@code 1} for zero; for a positive
	 * value {@code 2}, its decimal exponent (fixed width, biased), then its significant digits; for a negative
	 * value {@code 0}, then the exponent and digits complemented and a terminator that sorts after every digit (a
	 * longer magnitude with the same leading digits is the smaller number). Equal values ({@code 1.0}, {@code 1})
	 * give equal strings.
	 */
	static String encodeNumber(BigDecimal value) {
		int signum = value.signum();
		if (signum == 0) {
			return "1";
		}
		BigDecimal magnitude = value.abs().stripTrailingZeros();
		String digits = magnitude.unscaledValue().toString();
		// value = 0.<digits> x 10^exponent
		long exponent = (long) digits.length() - magnitude.scale();
		long biased = exponent + EXPONENT_BIAS;
		if (signum > 0) {
			return "2" + String.format("%09x", biased) + digits;
		}
		StringBuilder encoded = new StringBuilder(digits.length() + 11).append('0')
			.append(String.format("%09x", MAX_BIASED_EXPONENT - biased));
		for (int i = 0; i < digits.length(); i++) {
			encoded.append((char) ('9' - digits.charAt(i) + '0'));
		}
		return encoded.append(NEGATIVE_TERMINATOR).toString();
	}

	/** A signed long in 16 hex digits, order kept (the sign bit flipped). */
	private static String encodeLong(long value) {
		return String.format("%016x", value ^ Long.MIN_VALUE);
	}

	private static Class<?> box(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		return switch (type.getName()) {
			case "int" -> Integer.class;
			case "long" -> Long.class;
			case "double" -> Double.class;
			case "float" -> Float.class;
			case "boolean" -> Boolean.class;
			case "short" -> Short.class;
			case "byte" -> Byte.class;
			case "char" -> Character.class;
			default -> type;
		};
	}
}

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
 * Encodes the value of an indexed or sort property as a string whose lexicographic order is the value's natural
 * order, so that DynamoDB's key conditions ({@code <}, {@code BETWEEN}, {@code begins_with}) on string keys compare
 * values correctly. Equal values always give equal strings.
 */
public final class IndexValues {

	private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");

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
		if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
			return encodeLong(((Number) value).longValue());
		}
		if (value instanceof Float || value instanceof Double) {
			return encodeDouble(((Number) value).doubleValue());
		}
		if (value instanceof BigInteger big) {
			return big.bitLength() < 64 ? encodeLong(big.longValue()) : encodeDouble(big.doubleValue());
		}
		if (value instanceof BigDecimal decimal) {
			BigDecimal stripped = decimal.stripTrailingZeros();
			if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
				return encodeLong(stripped.longValueExact());
			}
			return encodeDouble(decimal.doubleValue());
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
			return date.getYear() >= 0 && date.getYear() <= 9999 ? date.toString()
					: encodeLong(date.toEpochDay());
		}
		if (value instanceof LocalDateTime time) {
			return LOCAL_DATE_TIME.format(time);
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
	 * Integers and floating point numbers share one encoding, the order of the numbers: a type marker that sorts
	 * negatives before positives, then a fixed-width hex form of the IEEE bits (integers become doubles only when
	 * they cannot be represented exactly as such would lose order: within +-2^53 they are exact).
	 */
	private static String encodeLong(long value) {
		if (Math.abs(value) < (1L << 53)) {
			return encodeDouble(value);
		}
		// beyond 2^53 doubles lose precision: order by sign, then by the exact value
		return (value < 0 ? "0" : "2") + String.format("%016x", value ^ Long.MIN_VALUE);
	}

	private static String encodeDouble(double value) {
		if (value == 0) {
			value = 0.0; // -0.0 equals 0.0
		}
		long bits = Double.doubleToLongBits(value);
		bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
		return "1" + String.format("%016x", bits);
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

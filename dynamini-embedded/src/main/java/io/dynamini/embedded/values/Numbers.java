package io.dynamini.embedded.values;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * DynamoDB's numbers: up to 38 significant digits, positive magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125
 * (and their negatives, and zero). Stored normalized, written back in plain notation.
 */
public final class Numbers {

	private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");

	private static final BigDecimal MIN = new BigDecimal("1E-130");

	private Numbers() {
	}

	/**
	 * @throws IllegalArgumentException with DynamoDB's reason if the text is no number or outside its range
	 */
	public static BigDecimal parse(String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("The parameter cannot be converted to a numeric value");
		}
		BigDecimal number;
		try {
			number = new BigDecimal(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("The parameter cannot be converted to a numeric value: " + text);
		}
		return check(number);
	}

	/** @throws IllegalArgumentException if the number has more than 38 significant digits or is out of range */
	public static BigDecimal check(BigDecimal number) {
		if (number.signum() == 0) {
			return BigDecimal.ZERO;
		}
		BigDecimal normalized = number.stripTrailingZeros();
		if (normalized.precision() > 38) {
			throw new IllegalArgumentException("Attempting to store more than 38 significant digits in a Number");
		}
		BigDecimal magnitude = normalized.abs();
		if (magnitude.compareTo(MAX) > 0) {
			throw new IllegalArgumentException("Number overflow. Attempting to store a number with magnitude larger than supported range");
		}
		if (magnitude.compareTo(MIN) < 0) {
			throw new IllegalArgumentException("Number underflow. Attempting to store a number with magnitude smaller than supported range");
		}
		return normalized;
	}

	/** @return the number as DynamoDB writes it back: plain notation, no trailing zeros */
	public static String format(BigDecimal number) {
		if (number.signum() == 0) {
			return "0";
		}
		return number.stripTrailingZeros().toPlainString();
	}

	/** @return {@code a + b} or {@code a - b}, checked as a stored number */
	public static BigDecimal add(BigDecimal a, BigDecimal b) {
		return check(a.add(b, MathContext.UNLIMITED));
	}

	/**
	 * @return the bytes DynamoDB counts for a number: one per two significant digits (leading and trailing zeros
	 * trimmed), plus one
	 */
	public static int size(BigDecimal number) {
		if (number.signum() == 0) {
			return 1;
		}
		return (number.stripTrailingZeros().precision() + 1) / 2 + 1;
	}
}

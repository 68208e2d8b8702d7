package io.dynamini.embedded.values;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;

/**
 * Orderings and sizes as DynamoDB defines them: strings by their UTF-8 bytes (code point order), numbers by value,
 * binary values as unsigned bytes; item sizes as the sum of attribute names' UTF-8 lengths and values' sizes.
 */
public final class Values {

	/** Orders key values of one type (S, N or B). */
	public static final Comparator<Value> KEY_ORDER = Values::compareScalars;

	private Values() {
	}

	/**
	 * @return the order of two scalar values of the same type
	 * @throws IllegalArgumentException if they are not both S, both N or both B
	 */
	public static int compareScalars(Value a, Value b) {
		if (a.type() != b.type() || !a.type().isScalarKeyType()) {
			throw new IllegalArgumentException("cannot order " + a.type() + " and " + b.type());
		}
		return switch (a.type()) {
			case S -> compareStrings(a.s(), b.s());
			case N -> a.n().compareTo(b.n());
			default -> compareBytes(a.bytesUnsafe(), b.bytesUnsafe());
		};
	}

	/** UTF-8 byte order equals code point order. */
	public static int compareStrings(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

	public static int compareBytes(byte[] a, byte[] b) {
		return java.util.Arrays.compareUnsigned(a, b);
	}

	/** @return the size DynamoDB counts for an item (names and values) */
	public static long itemSize(Map<String, Value> item) {
		long size = 0;
		for (Map.Entry<String, Value> attribute : item.entrySet()) {
			size += utf8Length(attribute.getKey()) + size(attribute.getValue());
		}
		return size;
	}

	/** @return the size DynamoDB counts for one value */
	public static long size(Value value) {
		return switch (value.type()) {
			case S -> utf8Length(value.s());
			case N -> Numbers.size(value.n());
			case B -> value.bytesUnsafe().length;
			case NULL, BOOL -> 1;
			case SS -> value.ss().stream().mapToLong(Values::utf8Length).sum();
			case NS -> value.ns().stream().mapToLong(Numbers::size).sum();
			case BS -> value.bs().stream().mapToLong(bytes -> bytes.length).sum();
			case L -> 3 + value.l().stream().mapToLong(element -> 1 + size(element)).sum();
			case M -> 3 + value.m().entrySet().stream().mapToLong(entry -> 1 + utf8Length(entry.getKey()) + size(entry.getValue())).sum();
		};
	}

	public static int utf8Length(String s) {
		int length = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}

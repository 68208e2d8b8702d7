package io.dynamini.test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Generators the property tests share (QuickTheories): strings over a few characters, big integers in a range, and
 * a generator that also yields chosen edge values often.
 */
public final class Generators {

	private Generators() {
	}

	/** Strings of up to {@code maxLength} characters taken from {@code characters}. */
	public static Gen<String> stringsOf(String characters, int maxLength) {
		List<Character> alphabet = characters.chars().mapToObj(c -> (char) c).toList();
		return SourceDSL.lists()
			.of(Generate.pick(alphabet))
			.ofSizeBetween(0, maxLength)
			.map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
	}

	/** Strings of up to {@code maxLength} Unicode scalar values (any code point but the surrogates, as UTF-8 holds). */
	public static Gen<String> unicodeStrings(int maxLength) {
		int surrogates = Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1;
		return SourceDSL.lists()
			.of(SourceDSL.integers().between(0, Character.MAX_CODE_POINT - surrogates))
			.ofSizeBetween(0, maxLength)
			.map(codePoints -> {
				StringBuilder text = new StringBuilder();
				for (int codePoint : codePoints) {
					text.appendCodePoint(codePoint < Character.MIN_SURROGATE ? codePoint : codePoint + surrogates);
				}
				return text.toString();
			});
	}

	/** Big integers between {@code -bound} and {@code bound}. */
	public static Gen<BigInteger> bigIntegers(BigInteger bound) {
		int bytes = bound.toByteArray().length;
		return SourceDSL.lists()
			.of(Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
			.ofSizeBetween(1, bytes)
			.map(list -> {
				byte[] raw = new byte[list.size()];
				for (int i = 0; i < raw.length; i++) {
					raw[i] = list.get(i);
				}
				return new BigInteger(raw).mod(bound.shiftLeft(1).add(BigInteger.ONE)).subtract(bound);
			});
	}

	/** {@code values} or, one time in five, one of {@code edges}. */
	@SafeVarargs
	public static <T> Gen<T> withEdges(Gen<T> values, T... edges) {
		return Generate.frequency(Pair.of(4, values), Pair.of(1, Generate.pick(Arrays.asList(edges))));
	}
}

package io.dynamini.embedded.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Values as DynamoDB orders, normalizes and sizes them.
 */
class ValuesUnitTests {

	@Test
	void stringsOrderByUtf8BytesNotUtf16Units() {
		// U+FF61 sorts before U+1F600 in UTF-8 (code point order), after it in UTF-16 (a surrogate, 0xD83D)
		assertThat(Values.compareStrings("\uFF61", "\uD83D\uDE00")).isNegative();
		assertThat("\uFF61".compareTo("\uD83D\uDE00")).as("Java's own order differs").isPositive();
		assertThat(Values.compareStrings("a", "ab")).isNegative();
	}

	@Test
	void binaryValuesCompareUnsigned() {
		assertThat(Values.compareScalars(Value.b(new byte[] { 0x7f }), Value.b(new byte[] { (byte) 0x80 }))).isNegative();
	}

	@Test
	void numbersKeep38SignificantDigitsWithinDynamoDbsRange() {
		assertThat(Numbers.format(Numbers.parse("1.50"))).isEqualTo("1.5");
		assertThat(Numbers.format(Numbers.parse("1E+2"))).isEqualTo("100");
		assertThat(Numbers.format(Numbers.parse("-0.000"))).isEqualTo("0");
		assertThat(Numbers.parse("12345678901234567890123456789012345678")).isNotNull();
		assertThatThrownBy(() -> Numbers.parse("123456789012345678901234567890123456789"))
			.hasMessageContaining("38 significant digits");
		assertThatThrownBy(() -> Numbers.parse("1E+126")).hasMessageContaining("overflow");
		assertThatThrownBy(() -> Numbers.parse("1E-131")).hasMessageContaining("underflow");
		assertThat(Value.n("1.0")).isEqualTo(Value.n("1"));
	}

	@Test
	void itemSizesFollowDynamoDbsAccounting() {
		assertThat(Values.itemSize(Map.of("a", Value.s("bcd")))).isEqualTo(4);
		assertThat(Values.itemSize(Map.of("é", Value.s("é")))).as("UTF-8 bytes").isEqualTo(4);
		assertThat(Values.itemSize(Map.of("n", Value.n("12345")))).as("1 + (5 digits + 1) / 2 + 1").isEqualTo(5);
		assertThat(Values.itemSize(Map.of("b", Value.bool(true)))).isEqualTo(2);
		assertThat(Values.itemSize(Map.of("l", Value.l(List.of(Value.s("x"), Value.NULL))))).as("3 + (1+1) + (1+1)")
			.isEqualTo(1 + 3 + 2 + 2);
		assertThat(Values.itemSize(Map.of("m", Value.m(Map.of("k", Value.s("v")))))).as("3 + 1 + 1 + 1").isEqualTo(1 + 6);
		assertThat(Numbers.size(new BigDecimal("100"))).isEqualTo(2);
	}

	@Test
	void setsAreEqualWhateverTheirOrder() {
		assertThat(Value.ns(java.util.Set.of(new BigDecimal("1"), new BigDecimal("2.0"))))
			.isEqualTo(Value.ns(new java.util.LinkedHashSet<>(List.of(new BigDecimal("2"), new BigDecimal("1")))));
	}
}

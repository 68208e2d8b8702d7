package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeUnitTests {

	@Test
	void utf8LengthMatchesTheEncoder() {
		for (String text : List.of("", "ascii", "ünïcödé", "\u20AC", "\uD83D\uDE00 emoji", "\uD800 lone surrogate",
				"\u05E9\u05DC\u05D5\u05DD")) {
			assertThat(ItemSize.utf8(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
	}

	@Test
	void sizeCountsNamesValuesAndNesting() {
		Map<String, AttributeValue> item = Map.of("ab", AttributeValue.fromS("xyz"), "n",
				AttributeValue.fromN("12345"), "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromBool(true))));
		// ab + xyz = 5; n + (1 byte per two digits + 1) = 1 + 4; m + 3 + (1 + k + true) = 7
		assertThat(ItemSize.of(item)).isEqualTo(17);
	}
}

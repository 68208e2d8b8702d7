package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ItemKeysUnitTests {

	@Test
	void distinctPartsAlwaysGiveDistinctKeys() {
		List<String> parts = List.of("", "a", "#", "%", "a#b", "a%23b", "a%2523b", "a#", "#a", "%23", "%25", "a#b#c");
		Set<String> keys = new HashSet<>();
		int combinations = 0;
		for (String tenant : parts) {
			for (String type : List.of("Note", "Note#x", "x")) {
				for (String id : parts) {
					if (id.isEmpty()) {
						continue;
					}
					combinations++;
					keys.add(ItemKeys.partitionKey(tenant, type, id, "test"));
				}
			}
		}
		assertThat(keys).hasSize(combinations);
	}

	@Test
	void escapedPartsContainNoDelimiter() {
		assertThat(ItemKeys.escape("a#b%c")).isEqualTo("a%23b%25c").doesNotContain("#");
		assertThat(ItemKeys.typePartitionKey("t#", "Note", true)).isEqualTo("t%23#Note#deleted");
	}
}

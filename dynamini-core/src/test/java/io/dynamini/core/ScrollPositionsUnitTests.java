package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ScrollPositionsUnitTests {

	static final List<String> INDEX_KEYS = List.of("g1pk", "g1sk");

	static final Map<String, AttributeValue> ITEM = Map.of("pk", AttributeValue.fromS("t#Note#a%23\u0000b"), "sk",
			AttributeValue.fromS("A"), "g1pk", AttributeValue.fromS("t#Note#owner#ann 😀"), "g1sk",
			AttributeValue.fromS("v2025"), "d", AttributeValue.fromM(Map.of()));

	@Test
	void aPositionIsOneOpaqueTokenThatComesBackAsTheItemsKeys() {
		Map<String, Object> position = ScrollPositions.after(ITEM, INDEX_KEYS);

		assertThat(position).containsOnlyKeys("position");
		assertThat((String) position.get("position")).doesNotContain("pk", "Note", "ann");
		assertThat(ScrollPositions.startKey(position, INDEX_KEYS, "t#Note#owner#ann 😀"))
			.isEqualTo(Map.of("pk", ITEM.get("pk"), "sk", ITEM.get("sk"), "g1pk", ITEM.get("g1pk"), "g1sk",
					ITEM.get("g1sk")));
	}

	@Test
	void positionsOfOtherQueriesForgedOrRawKeysAreRefused() {
		Map<String, Object> position = ScrollPositions.after(ITEM, INDEX_KEYS);

		for (Runnable refused : List.<Runnable>of(
				() -> ScrollPositions.startKey(position, INDEX_KEYS, "t#Note#owner#bob"),
				() -> ScrollPositions.startKey(position, List.of("g2pk", "g2sk"), "t#Note#owner#ann 😀"),
				() -> ScrollPositions.startKey(Map.of("pk", "x", "sk", "A"), INDEX_KEYS, "x"),
				() -> ScrollPositions.startKey(Map.of("position", "not base64 !"), INDEX_KEYS, "x"),
				() -> ScrollPositions.startKey(Map.of("position", "AAAAAg"), INDEX_KEYS, "x"),
				() -> ScrollPositions.startKey(Map.of("position", 42), INDEX_KEYS, "x"))) {
			assertThatThrownBy(refused::run).isInstanceOf(InvalidDataAccessApiUsageException.class)
				.hasMessageStartingWith("Invalid scroll position");
		}
	}
}

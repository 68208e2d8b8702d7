package io.dynamini.embedded.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.tables.Capacity;

import org.junit.jupiter.api.Test;

/**
 * The JSON codec and the capacity arithmetic, without HTTP.
 */
class JsonUnitTests {

	@Test
	void readsAndWritesWhatTheProtocolUses() {
		Object parsed = Json.parse("{\"a\":[1,2.5,\"x\\n\\u00e9\"],\"b\":{\"c\":true,\"d\":null}}");
		assertThat(parsed).isEqualTo(Map.of("a", List.of(new BigDecimal("1"), new BigDecimal("2.5"), "x\né"), "b",
				new java.util.HashMap<>(java.util.Collections.singletonMap("c", true)) {
					{
						put("d", null);
					}
				}));
		assertThat(Json.parse(Json.write(parsed))).isEqualTo(parsed);
		assertThatThrownBy(() -> Json.parse("{\"a\":")).hasMessageContaining("Malformed JSON");
	}

	@Test
	void capacityUnitsRoundUpPerItemAndHalveEventualReads() {
		assertThat(Capacity.readUnits(0, true)).isEqualTo(1);
		assertThat(Capacity.readUnits(4096, true)).isEqualTo(1);
		assertThat(Capacity.readUnits(4097, false)).isEqualTo(1);
		assertThat(Capacity.readUnits(4097, true)).isEqualTo(2);
		assertThat(Capacity.writeUnits(1025)).isEqualTo(2);
		assertThat(Capacity.writeUnits(10)).isEqualTo(1);
	}
}

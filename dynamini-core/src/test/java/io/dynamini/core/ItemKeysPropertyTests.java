package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Keys read back: an entity's partition key gives back exactly its tenant, type and id, whatever they contain, and
 * no bookkeeping key is ever read as an entity's.
 */
class ItemKeysPropertyTests {

	@Property(tries = 3000)
	void anEntityKeyGivesBackItsParts(@ForAll("parts") String tenant, @ForAll("parts") String type,
			@ForAll("parts") String id) {
		assertThat(ItemKeys.parts(ItemKeys.partitionKey(tenant, type, id, "test"))).containsExactly(tenant, type, id);
	}

	@Property(tries = 3000)
	void aBookkeepingKeyIsNeverAnEntityKey(@ForAll("parts") String tenant, @ForAll("parts") String kind,
			@ForAll("parts") String name) {
		assertThat(ItemKeys.parts(ItemKeys.systemKey(tenant, kind, name))).isNull();
	}

	@net.jqwik.api.Provide
	net.jqwik.api.Arbitrary<String> parts() {
		return net.jqwik.api.Arbitraries.strings().withChars("%#253ab").ofMaxLength(8);
	}
}

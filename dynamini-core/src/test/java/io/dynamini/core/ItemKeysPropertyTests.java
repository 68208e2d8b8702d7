package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.dynamini.test.Generators;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Keys read back: an entity's partition key gives back exactly its tenant, type and id, whatever they contain, and
 * no bookkeeping key is ever read as an entity's.
 */
class ItemKeysPropertyTests {

	static final Gen<String> PARTS = Generators.stringsOf("%#253ab", 8);

	@Test
	void anEntityKeyGivesBackItsParts() {
		qt().withExamples(3000).forAll(PARTS, PARTS, PARTS).checkAssert((tenant, type, id) -> assertThat(
				ItemKeys.parts(ItemKeys.partitionKey(tenant, type, id, "test"))).containsExactly(tenant, type, id));
	}

	@Test
	void aBookkeepingKeyIsNeverAnEntityKey() {
		qt().withExamples(3000)
			.forAll(PARTS, PARTS, PARTS)
			.checkAssert((tenant, kind, name) -> assertThat(ItemKeys.parts(ItemKeys.systemKey(tenant, kind, name))).isNull());
	}
}

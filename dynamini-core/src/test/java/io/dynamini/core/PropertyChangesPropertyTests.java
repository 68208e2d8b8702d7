package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.test.Generators;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What changed between two stored states, without DynamoDB: paths read back into the keys and indexes they were made
 * of, whatever the keys contain; equal states have no changes; a change of kind is one change.
 */
class PropertyChangesPropertyTests {

	final PropertyChanges changes = new PropertyChanges(
			new DynaminiEntityConverter(new DynaminiMappingContext())::readPlain);

	static final Gen<String> KEYS = Generators.stringsOf("ab.[]\\0", 5);

	@Test
	void aPathReadsBackIntoItsKeysAndIndexes() {
		qt().withExamples(2000).forAll(KEYS, KEYS, integers().between(0, 3)).checkAssert(this::readsBack);
	}

	void readsBack(String outer, String inner, int index) {
		Map<String, AttributeValue> before = Map.of(outer, AttributeValue.fromM(Map.of(inner,
				AttributeValue.fromL(list(index + 1, "x")))));
		Map<String, AttributeValue> after = Map.of(outer, AttributeValue.fromM(Map.of(inner,
				AttributeValue.fromL(list(index + 1, "y")))));

		List<PropertyChange> found = changes.between(before, after);

		assertThat(found).singleElement().satisfies(change -> {
			assertThat(change.segments()).containsExactly(outer, inner, index);
			assertThat(change.kind()).isEqualTo(PropertyChange.Kind.CHANGED);
			assertThat(change.oldValue()).isEqualTo("x");
		});
	}

	@Test
	void equalStatesHaveNoChanges() {
		Gen<String> names = strings().basicLatinAlphabet().ofLengthBetween(0, 6);
		qt().withExamples(500)
			.forAll(lists().of(names).ofSizeBetween(0, 4), lists().of(integers().all()).ofSize(4))
			.checkAssert((keys, values) -> {
				Map<String, AttributeValue> state = new java.util.HashMap<>();
				for (int i = 0; i < keys.size(); i++) {
					state.put(keys.get(i), AttributeValue.fromN(values.get(i).toString()));
				}
				assertThat(changes.between(state, Map.copyOf(state))).isEmpty();
			});
	}

	@Test
	void aValueReplacedByAnotherKindIsOneChangeAndNullIsAbsence() {
		Map<String, AttributeValue> before = Map.of("address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("x"))),
				"gone", AttributeValue.fromS("old"), "nothing", AttributeValue.fromNul(true));
		Map<String, AttributeValue> after = Map.of("address", AttributeValue.fromS("unknown"), "nothing",
				AttributeValue.fromNul(true));

		assertThat(changes.between(before, after)).containsExactly(
				new PropertyChange("address", PropertyChange.Kind.CHANGED, Map.of("city", "x"), "unknown"),
				new PropertyChange("gone", PropertyChange.Kind.REMOVED, "old", null));
	}

	static List<AttributeValue> list(int size, String last) {
		List<AttributeValue> list = new ArrayList<>();
		for (int i = 0; i < size - 1; i++) {
			list.add(AttributeValue.fromS("same"));
		}
		list.add(AttributeValue.fromS(last));
		return list;
	}
}

package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What changed between two stored states, without DynamoDB: paths read back into the keys and indexes they were made
 * of, whatever the keys contain; equal states have no changes; a change of kind is one change.
 */
class PropertyChangesPropertyTests {

	final PropertyChanges changes = new PropertyChanges(
			new DynaminiEntityConverter(new DynaminiMappingContext())::readPlain);

	@Provide
	Arbitrary<String> keys() {
		return Arbitraries.strings().withChars("ab.[]\\\\0").ofMaxLength(5);
	}

	@Property(tries = 2000)
	void aPathReadsBackIntoItsKeysAndIndexes(@ForAll("keys") String outer, @ForAll("keys") String inner,
			@ForAll @net.jqwik.api.constraints.IntRange(max = 3) int index) {
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

	@Property(tries = 500)
	void equalStatesHaveNoChanges(@ForAll @Size(max = 4) Map<@net.jqwik.api.constraints.AlphaChars String, Integer> values) {
		Map<String, AttributeValue> state = new java.util.HashMap<>();
		values.forEach((key, value) -> state.put(key, AttributeValue.fromN(value.toString())));

		assertThat(changes.between(state, Map.copyOf(state))).isEmpty();
	}

	@Example
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

package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.Map;

import io.dynamini.test.Generators;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one placeholder scheme: every attribute name, whatever its characters, gets a placeholder DynamoDB accepts and
 * that no other name gets; an expression carries exactly the placeholders it uses.
 */
class PlaceholdersPropertyTests {

	@Test
	void distinctAttributesGetDistinctValidPlaceholders() {
		// every code point, and pairs that differ in a character or two (where an escape could collide)
		Gen<String> names = strings().allPossible().ofLengthBetween(1, 12);
		Gen<String> similar = Generators.stringsOf("a_5f.2e", 6).assuming(name -> !name.isEmpty());
		for (Gen<String> generator : List.of(names, similar)) {
			qt().withExamples(3000).forAll(generator, generator).checkAssert((first, second) -> {
				assertThat(Placeholders.placeholder(first)).matches("#[A-Za-z0-9_]+");
				assertThat(Placeholders.placeholder(first).equals(Placeholders.placeholder(second)))
					.isEqualTo(first.equals(second));
			});
		}
	}

	@Test
	void plainNamesKeepTheirSpellingAndOthersAreEscaped() {
		assertThat(Placeholders.placeholder("g1pk")).isEqualTo("#g1pk");
		assertThat(Placeholders.placeholder("a_b")).isEqualTo("#a_5f_b");
		assertThat(Placeholders.placeholder("a.b")).isEqualTo("#a_2e_b");
		assertThat(Placeholders.placeholder("straße")).isEqualTo("#stra_df_e");
	}

	@Test
	void anExpressionCarriesExactlyThePlaceholdersItUses() {
		Placeholders placeholders = new Placeholders();
		String version = placeholders.name("v");
		String unrelated = placeholders.value(AttributeValue.fromS("elsewhere"));
		Expression condition = placeholders.expression(version + " = " + placeholders.value(AttributeValue.fromN("3")));

		assertThat(condition.expressionNames()).isEqualTo(Map.of("#v", "v"));
		assertThat(condition.expressionValues()).isEqualTo(Map.of(":v1", AttributeValue.fromN("3")));
		assertThat(placeholders.values()).containsKeys(unrelated, ":v1");
		assertThat(new Placeholders().values()).as("DynamoDB rejects empty maps").isNull();
	}

	@Test
	void aCopyIsCompletedWithoutChangingTheOriginal() {
		Placeholders original = new Placeholders();
		original.value(AttributeValue.fromN("1"));
		Placeholders copy = original.copy();
		copy.value(AttributeValue.fromS("token"));

		assertThat(original.values()).hasSize(1);
		assertThat(copy.values()).hasSize(2);
	}

	@Test
	void anUnregisteredPlaceholderIsAnErrorNotARequest() {
		assertThatThrownBy(() -> new Placeholders().expression("#v = :v0"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("#v");
	}
}

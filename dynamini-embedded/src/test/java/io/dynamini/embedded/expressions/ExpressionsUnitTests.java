package io.dynamini.embedded.expressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.values.Value;

import org.junit.jupiter.api.Test;

/**
 * The expression grammar without HTTP: parsing (precedence, functions, paths, placeholders, reserved words, unused
 * placeholders) and evaluation (comparisons across types, missing paths, updates of nested paths and lists).
 */
class ExpressionsUnitTests {

	static Placeholders placeholders(Map<String, String> names, Map<String, Value> values) {
		return new Placeholders(names, values);
	}

	static Map<String, Value> item() {
		Map<String, Value> item = new LinkedHashMap<>();
		item.put("pk", Value.s("a"));
		item.put("n", Value.n("5"));
		item.put("tags", Value.ss(Set.of("x", "y")));
		item.put("entries", Value.l(List.of(Value.s("first"), Value.m(Map.of("deep", Value.n("1"))))));
		item.put("info", Value.m(Map.of("core", Value.s("text"))));
		return item;
	}

	static boolean test(String condition, Map<String, Value> values) {
		Placeholders placeholders = placeholders(Map.of(), values);
		Ast.Condition parsed = Parser.condition(condition, "ConditionExpression", placeholders);
		placeholders.checkAllUsed();
		return Evaluator.test(parsed, item());
	}

	@Test
	void andBindsTighterThanOrAndNotTighterThanAnd() {
		Map<String, Value> values = Map.of(":five", Value.n("5"), ":six", Value.n("6"));
		assertThat(test("n = :six OR n = :five AND n = :five", values)).isTrue();
		assertThat(test("(n = :six OR n = :five) AND n = :six", values)).isFalse();
		assertThat(test("NOT n = :six AND n = :five", values)).isTrue();
	}

	@Test
	void comparisonsOfDifferentTypesAreFalseAndAMissingPathMakesAllButNotEqualFalse() {
		assertThat(test("n < :s", Map.of(":s", Value.s("9")))).isFalse();
		assertThat(test("n = :s", Map.of(":s", Value.s("5")))).isFalse();
		assertThat(test("absent < :n", Map.of(":n", Value.n("1")))).isFalse();
		assertThat(test("absent <> :n", Map.of(":n", Value.n("1")))).isTrue();
		assertThat(test("n BETWEEN :a AND :b", Map.of(":a", Value.n("5"), ":b", Value.n("5.0")))).isTrue();
		assertThat(test("n IN (:a, :b)", Map.of(":a", Value.s("5"), ":b", Value.n("5")))).isTrue();
	}

	@Test
	void functionsOnPathsAndNestedElements() {
		Map<String, Value> values = Map.of(":x", Value.s("x"), ":t", Value.s("SS"), ":p", Value.s("te"));
		assertThat(test("contains(tags, :x) AND attribute_type(tags, :t) AND begins_with(info.core, :p)", values))
			.isTrue();
		assertThat(test("size(entries) = :two AND attribute_exists(entries[1].deep) AND attribute_not_exists(entries[2])",
				Map.of(":two", Value.n("2")))).isTrue();
	}

	@Test
	void reservedWordsNeedAPlaceholderAndEveryPlaceholderMustBeUsed() {
		assertThatThrownBy(() -> test("status = :v", Map.of(":v", Value.s("x")))).isInstanceOf(EngineException.class)
			.hasMessageContaining("reserved keyword: status");
		assertThatThrownBy(() -> test("n = :v", Map.of(":v", Value.n("5"), ":unused", Value.n("1"))))
			.hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
		assertThatThrownBy(() -> test("n = :undefined", Map.of()))
			.hasMessageContaining("An expression attribute value used in expression is not defined; attribute value: :undefined");
		assertThatThrownBy(() -> test("n = = :v", Map.of(":v", Value.n("1")))).hasMessageContaining("Syntax error");
	}

	@Test
	void updatesSetAddRemoveAndDeleteOnNestedPathsAsTheItemWasBefore() {
		Map<String, Value> values = Map.of(":one", Value.n("1"), ":z", Value.ss(Set.of("z")), ":x", Value.ss(Set.of("x")),
				":l", Value.l(List.of(Value.s("last"))), ":d", Value.s("default"));
		Placeholders placeholders = placeholders(Map.of("#m", "info"), values);
		List<Ast.Action> actions = Parser.update(
				"SET n = n + :one, entries = list_append(entries, :l), #m.added = if_not_exists(#m.absent, :d) "
						+ "REMOVE #m.core ADD tally :one, tags :z DELETE extra :x",
				placeholders);
		placeholders.checkAllUsed();
		Map<String, Value> after = Updater.apply(actions, item(), Set.of("pk"));
		assertThat(after.get("n")).isEqualTo(Value.n("6"));
		assertThat(after.get("tally")).isEqualTo(Value.n("1"));
		assertThat(after.get("tags")).isEqualTo(Value.ss(Set.of("x", "y", "z")));
		assertThat(after.get("info").m()).as("one member added, one removed").containsOnlyKeys("added")
			.containsEntry("added", Value.s("default"));
		assertThat(after.get("entries").l()).containsExactly(Value.s("first"), Value.m(Map.of("deep", Value.n("1"))),
				Value.s("last"));
		assertThat(after).doesNotContainKey("extra");
	}

	@Test
	void removingListElementsShiftsTheRestAndIndexesReferToTheListBefore() {
		Placeholders placeholders = placeholders(Map.of(), Map.of());
		Map<String, Value> before = Map.of("pk", Value.s("a"), "l",
				Value.l(List.of(Value.s("0"), Value.s("1"), Value.s("2"), Value.s("3"))));
		Map<String, Value> after = Updater.apply(Parser.update("REMOVE l[0], l[2]", placeholders), before, Set.of("pk"));
		assertThat(after.get("l").l()).containsExactly(Value.s("1"), Value.s("3"));
	}

	@Test
	void anUpdateMayNotTouchTheKeyNorOverlapItsOwnPaths() {
		Placeholders placeholders = placeholders(Map.of(), Map.of(":v", Value.s("x")));
		assertThatThrownBy(() -> Updater.apply(Parser.update("SET pk = :v", placeholders), item(), Set.of("pk")))
			.hasMessageContaining("Cannot update attribute pk. This attribute is part of the key");
		assertThatThrownBy(() -> Parser.update("SET info = :v REMOVE info.core",
				placeholders(Map.of(), Map.of(":v", Value.s("x"))))).hasMessageContaining("Two document paths overlap");
		assertThatThrownBy(() -> Updater.apply(Parser.update("SET nothing.deeper = :v",
				placeholders(Map.of(), Map.of(":v", Value.s("x")))), item(), Set.of("pk")))
			.hasMessageContaining("The document path provided in the update expression is invalid for update");
	}

	@Test
	void projectionsKeepTheNestedStructureOfWhatTheyName() {
		List<Path> paths = Parser.projection("info.core, entries[1].deep, n", placeholders(Map.of(), Map.of()));
		Map<String, Value> projected = Evaluator.project(item(), paths);
		assertThat(projected).containsOnlyKeys("info", "entries", "n");
		assertThat(projected.get("info")).isEqualTo(Value.m(Map.of("core", Value.s("text"))));
		assertThat(projected.get("entries")).isEqualTo(Value.l(List.of(Value.m(Map.of("deep", Value.n("1"))))));
	}
}

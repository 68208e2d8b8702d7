package io.dynamini.embedded.expressions;

import java.util.List;

import io.dynamini.embedded.values.Value;

/**
 * The immutable trees the parsers build: operands, conditions and update actions.
 */
public final class Ast {

	private Ast() {
	}

	/** Something that evaluates to a value (or to nothing, for a missing path). */
	public sealed interface Operand permits PathOperand, Literal, Size, IfNotExists, ListAppend, Arithmetic {
	}

	public record PathOperand(Path path) implements Operand {
	}

	public record Literal(Value value) implements Operand {
	}

	public record Size(Path path) implements Operand {
	}

	public record IfNotExists(Path path, Operand fallback) implements Operand {
	}

	public record ListAppend(Operand first, Operand second) implements Operand {
	}

	public record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
	}

	/** A condition over an item. */
	public sealed interface Condition permits Comparison, Between, In, And, Or, Not, Function {
	}

	/** {@code left op right}, op one of {@code = <> < <= > >=}. */
	public record Comparison(Operand left, String op, Operand right) implements Condition {
	}

	public record Between(Operand value, Operand low, Operand high) implements Condition {
	}

	public record In(Operand value, List<Operand> candidates) implements Condition {
	}

	public record And(Condition left, Condition right) implements Condition {
	}

	public record Or(Condition left, Condition right) implements Condition {
	}

	public record Not(Condition condition) implements Condition {
	}

	/** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
	public record Function(String name, Path path, Operand argument) implements Condition {
	}

	/** One action of an update expression. */
	public sealed interface Action permits Set, Remove, Add, Delete {

		Path path();
	}

	public record Set(Path path, Operand value) implements Action {
	}

	public record Remove(Path path) implements Action {
	}

	public record Add(Path path, Operand value) implements Action {
	}

	public record Delete(Path path, Operand value) implements Action {
	}
}

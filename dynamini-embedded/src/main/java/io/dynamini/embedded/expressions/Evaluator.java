package io.dynamini.embedded.expressions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.expressions.Ast.Condition;
import io.dynamini.embedded.expressions.Ast.Operand;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.values.Numbers;
import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * Evaluates conditions and operands against an item, as DynamoDB's documentation defines them: a missing path
 * makes every comparison false except {@code <>}; values of different types are never equal nor ordered; ordering
 * applies to strings, numbers and binaries only.
 */
public final class Evaluator {

	private Evaluator() {
	}

	/** @return whether {@code item} (empty if there is none) satisfies the condition */
	public static boolean test(Condition condition, Map<String, Value> item) {
		if (condition instanceof Ast.And and) {
			return test(and.left(), item) && test(and.right(), item);
		}
		if (condition instanceof Ast.Or or) {
			return test(or.left(), item) || test(or.right(), item);
		}
		if (condition instanceof Ast.Not not) {
			return !test(not.condition(), item);
		}
		if (condition instanceof Ast.Comparison comparison) {
			return compare(evaluate(comparison.left(), item), comparison.op(), evaluate(comparison.right(), item));
		}
		if (condition instanceof Ast.Between between) {
			Value value = evaluate(between.value(), item);
			Value low = evaluate(between.low(), item);
			Value high = evaluate(between.high(), item);
			if (low != null && high != null && low.type() == high.type() && low.type().isScalarKeyType()
					&& Values.compareScalars(low, high) > 0) {
				throw EngineException.validation("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: "
						+ low + ", upper operand: " + high);
			}
			return compare(value, ">=", low) && compare(value, "<=", high);
		}
		if (condition instanceof Ast.In in) {
			Value value = evaluate(in.value(), item);
			if (value == null) {
				return false;
			}
			for (Operand candidate : in.candidates()) {
				if (value.equals(evaluate(candidate, item))) {
					return true;
				}
			}
			return false;
		}
		return function((Ast.Function) condition, item);
	}

	private static boolean function(Ast.Function function, Map<String, Value> item) {
		Value value = resolve(function.path(), item);
		switch (function.name()) {
			case "attribute_exists":
				return value != null;
			case "attribute_not_exists":
				return value == null;
			case "attribute_type": {
				Value type = evaluate(function.argument(), item);
				if (type == null || type.type() != Value.Type.S) {
					throw EngineException.validation("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: "
							+ (type == null ? "null" : type.type()));
				}
				try {
					Value.Type.valueOf(type.s());
				}
				catch (IllegalArgumentException ex) {
					throw EngineException.validation("Invalid ConditionExpression: Invalid attribute type name found; type: " + type.s()
							+ ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
				}
				return value != null && value.type().name().equals(type.s());
			}
			case "begins_with": {
				Value prefix = evaluate(function.argument(), item);
				if (prefix == null || (prefix.type() != Value.Type.S && prefix.type() != Value.Type.B)) {
					throw EngineException.validation("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: "
							+ (prefix == null ? "null" : prefix.type()));
				}
				if (value == null || value.type() != prefix.type()) {
					return false;
				}
				if (value.type() == Value.Type.S) {
					return value.s().startsWith(prefix.s());
				}
				byte[] bytes = value.bytesUnsafe();
				byte[] start = prefix.bytesUnsafe();
				return bytes.length >= start.length && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
			}
			case "contains": {
				Value operand = evaluate(function.argument(), item);
				if (value == null || operand == null) {
					return false;
				}
				return switch (value.type()) {
					case S -> operand.type() == Value.Type.S && value.s().contains(operand.s());
					case B -> operand.type() == Value.Type.B && indexOf(value.bytesUnsafe(), operand.bytesUnsafe()) >= 0;
					case SS -> operand.type() == Value.Type.S && value.ss().contains(operand.s());
					case NS -> operand.type() == Value.Type.N && value.ns().stream().anyMatch(n -> n.compareTo(operand.n()) == 0);
					case BS -> operand.type() == Value.Type.B && value.bs().stream().anyMatch(b -> Arrays.equals(b, operand.bytesUnsafe()));
					case L -> value.l().contains(operand);
					default -> false;
				};
			}
			default:
				throw new IllegalStateException(function.name());
		}
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	static boolean compare(Value left, String op, Value right) {
		if (op.equals("<>")) {
			return left == null || right == null || !left.equals(right);
		}
		if (left == null || right == null) {
			return false;
		}
		if (op.equals("=")) {
			return left.equals(right);
		}
		if (left.type() != right.type() || !left.type().isScalarKeyType()) {
			return false;
		}
		int order = Values.compareScalars(left, right);
		return switch (op) {
			case "<" -> order < 0;
			case "<=" -> order <= 0;
			case ">" -> order > 0;
			case ">=" -> order >= 0;
			default -> throw new IllegalStateException(op);
		};
	}

	/** @return the operand's value, or {@code null} if it names a missing path */
	public static Value evaluate(Operand operand, Map<String, Value> item) {
		if (operand instanceof Ast.Literal literal) {
			return literal.value();
		}
		if (operand instanceof Ast.PathOperand path) {
			return resolve(path.path(), item);
		}
		if (operand instanceof Ast.Size size) {
			Value value = resolve(size.path(), item);
			if (value == null) {
				return null;
			}
			if (value.type() == Value.Type.N || value.type() == Value.Type.BOOL || value.type() == Value.Type.NULL) {
				throw EngineException.validation("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: "
						+ value.type());
			}
			return Value.n(BigDecimal.valueOf(value.type() == Value.Type.S ? value.s().codePointCount(0, value.s().length())
					: value.size()));
		}
		if (operand instanceof Ast.IfNotExists ifNotExists) {
			Value value = resolve(ifNotExists.path(), item);
			return value != null ? value : evaluate(ifNotExists.fallback(), item);
		}
		if (operand instanceof Ast.ListAppend append) {
			Value first = evaluate(append.first(), item);
			Value second = evaluate(append.second(), item);
			if (first == null || second == null) {
				throw EngineException.validation("The provided expression refers to an attribute that does not exist in the item");
			}
			if (first.type() != Value.Type.L || second.type() != Value.Type.L) {
				throw EngineException.validation("An operand in the update expression has an incorrect data type");
			}
			List<Value> joined = new ArrayList<>(first.l());
			joined.addAll(second.l());
			return Value.l(joined);
		}
		Ast.Arithmetic arithmetic = (Ast.Arithmetic) operand;
		Value left = evaluate(arithmetic.left(), item);
		Value right = evaluate(arithmetic.right(), item);
		if (left == null || right == null) {
			throw EngineException.validation("The provided expression refers to an attribute that does not exist in the item");
		}
		if (left.type() != Value.Type.N || right.type() != Value.Type.N) {
			throw EngineException.validation("An operand in the update expression has an incorrect data type");
		}
		try {
			return Value.n(Numbers.add(left.n(), arithmetic.plus() ? right.n() : right.n().negate()));
		}
		catch (IllegalArgumentException ex) {
			throw EngineException.validation(ex.getMessage());
		}
	}

	/** @return the value at {@code path}, or {@code null} if any step is missing or of another type */
	public static Value resolve(Path path, Map<String, Value> item) {
		Value current = item.get(path.top());
		for (int i = 1; i < path.elements().size() && current != null; i++) {
			Object element = path.elements().get(i);
			if (element instanceof Integer index) {
				current = current.type() == Value.Type.L && index < current.l().size() ? current.l().get(index) : null;
			}
			else {
				current = current.type() == Value.Type.M ? current.m().get(element) : null;
			}
		}
		return current;
	}

	/** @return the item reduced to the given paths (a projection), nested structure kept */
	public static Map<String, Value> project(Map<String, Value> item, List<Path> paths) {
		Map<String, Value> projected = new LinkedHashMap<>();
		for (Path path : paths) {
			Value value = resolve(path, item);
			if (value == null) {
				continue;
			}
			if (path.isTopLevel()) {
				projected.put(path.top(), value);
			}
			else {
				projected.put(path.top(), merge(projected.get(path.top()), path, 1, value));
			}
		}
		return projected;
	}

	/** Builds the nested structure of a projected path (list elements keep their order, not their index). */
	private static Value merge(Value existing, Path path, int depth, Value leaf) {
		if (depth == path.elements().size()) {
			return leaf;
		}
		Object element = path.elements().get(depth);
		if (element instanceof Integer) {
			List<Value> list = existing != null && existing.type() == Value.Type.L ? new ArrayList<>(existing.l()) : new ArrayList<>();
			list.add(merge(null, path, depth + 1, leaf));
			return Value.l(list);
		}
		Map<String, Value> map = existing != null && existing.type() == Value.Type.M ? new LinkedHashMap<>(existing.m())
				: new LinkedHashMap<>();
		map.put((String) element, merge(map.get(element), path, depth + 1, leaf));
		return Value.m(map);
	}
}

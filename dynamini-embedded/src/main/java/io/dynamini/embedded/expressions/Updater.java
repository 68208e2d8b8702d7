package io.dynamini.embedded.expressions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dynamini.embedded.expressions.Ast.Action;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.values.Numbers;
import io.dynamini.embedded.values.Value;

/**
 * Applies an update expression's actions to an item: every operand is evaluated against the item as it was before
 * the update (as DynamoDB does), then SET, REMOVE, ADD and DELETE change a copy.
 */
public final class Updater {

	private Updater() {
	}

	/**
	 * @param keyAttributes the table's key attribute names, which an update may not change
	 * @return the updated item
	 */
	public static Map<String, Value> apply(List<Action> actions, Map<String, Value> before, Set<String> keyAttributes) {
		Map<String, Value> item = new LinkedHashMap<>(before);
		// operands see the item before the update
		List<Value> operands = new ArrayList<>(actions.size());
		for (Action action : actions) {
			if (keyAttributes.contains(action.path().top())) {
				throw EngineException.validation("One or more parameter values were invalid: Cannot update attribute "
						+ action.path().top() + ". This attribute is part of the key");
			}
			operands.add(action instanceof Ast.Set set ? Evaluator.evaluate(set.value(), before)
					: action instanceof Ast.Add add ? Evaluator.evaluate(add.value(), before)
							: action instanceof Ast.Delete delete ? Evaluator.evaluate(delete.value(), before) : null);
		}
		// removals of list elements apply from the highest index down, so indexes refer to the list before
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < actions.size(); i++) {
			order.add(i);
		}
		order.sort((a, b) -> {
			Action x = actions.get(a);
			Action y = actions.get(b);
			if (x instanceof Ast.Remove && y instanceof Ast.Remove && lastIndex(x.path()) >= 0 && lastIndex(y.path()) >= 0) {
				return Integer.compare(lastIndex(y.path()), lastIndex(x.path()));
			}
			return Integer.compare(a, b);
		});
		for (int i : order) {
			Action action = actions.get(i);
			Value operand = operands.get(i);
			if (action instanceof Ast.Set set) {
				put(item, set.path(), operand);
			}
			else if (action instanceof Ast.Remove remove) {
				remove(item, remove.path());
			}
			else if (action instanceof Ast.Add add) {
				put(item, add.path(), add(Evaluator.resolve(add.path(), before), operand));
			}
			else {
				Ast.Delete delete = (Ast.Delete) action;
				Value rest = delete(Evaluator.resolve(delete.path(), before), operand);
				if (rest == null) {
					remove(item, delete.path());
				}
				else {
					put(item, delete.path(), rest);
				}
			}
		}
		return item;
	}

	private static int lastIndex(Path path) {
		Object last = path.elements().get(path.elements().size() - 1);
		return last instanceof Integer index ? index : -1;
	}

	private static Value add(Value current, Value operand) {
		if (operand.type() == Value.Type.N) {
			if (current == null) {
				return operand;
			}
			if (current.type() != Value.Type.N) {
				throw typeMismatch("ADD");
			}
			try {
				return Value.n(Numbers.add(current.n(), operand.n()));
			}
			catch (IllegalArgumentException ex) {
				throw EngineException.validation(ex.getMessage());
			}
		}
		if (!operand.type().isSet()) {
			throw EngineException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: "
					+ operand.type());
		}
		if (current == null) {
			return operand;
		}
		if (current.type() != operand.type()) {
			throw typeMismatch("ADD");
		}
		return switch (operand.type()) {
			case SS -> {
				Set<String> union = new LinkedHashSet<>(current.ss());
				union.addAll(operand.ss());
				yield Value.ss(union);
			}
			case NS -> {
				Set<BigDecimal> union = new LinkedHashSet<>(current.ns());
				for (BigDecimal number : operand.ns()) {
					if (union.stream().noneMatch(known -> known.compareTo(number) == 0)) {
						union.add(number);
					}
				}
				yield Value.ns(union);
			}
			default -> {
				List<byte[]> union = new ArrayList<>(current.bs());
				union.addAll(operand.bs());
				yield Value.bs(union);
			}
		};
	}

	private static Value delete(Value current, Value operand) {
		if (!operand.type().isSet()) {
			throw EngineException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
					+ operand.type());
		}
		if (current == null) {
			return null;
		}
		if (current.type() != operand.type()) {
			throw typeMismatch("DELETE");
		}
		return switch (operand.type()) {
			case SS -> {
				Set<String> rest = new LinkedHashSet<>(current.ss());
				rest.removeAll(operand.ss());
				yield rest.isEmpty() ? null : Value.ss(rest);
			}
			case NS -> {
				Set<BigDecimal> rest = new LinkedHashSet<>(current.ns());
				rest.removeIf(number -> operand.ns().stream().anyMatch(gone -> gone.compareTo(number) == 0));
				yield rest.isEmpty() ? null : Value.ns(rest);
			}
			default -> {
				List<byte[]> rest = new ArrayList<>(current.bs());
				rest.removeIf(bytes -> operand.bs().stream().anyMatch(gone -> Arrays.equals(gone, bytes)));
				yield rest.isEmpty() ? null : Value.bs(rest);
			}
		};
	}

	private static EngineException typeMismatch(String operator) {
		return EngineException.validation("An operand in the update expression has an incorrect data type");
	}

	/** Sets the value at a path; the path's parent must exist (a list index past the end appends). */
	private static void put(Map<String, Value> item, Path path, Value value) {
		if (path.isTopLevel()) {
			item.put(path.top(), value);
			return;
		}
		Value top = item.get(path.top());
		if (top == null) {
			throw invalidPath();
		}
		item.put(path.top(), setIn(top, path, 1, value));
	}

	private static Value setIn(Value container, Path path, int depth, Value value) {
		Object element = path.elements().get(depth);
		boolean last = depth == path.elements().size() - 1;
		if (element instanceof Integer index) {
			if (container.type() != Value.Type.L) {
				throw invalidPath();
			}
			List<Value> list = new ArrayList<>(container.l());
			if (last) {
				if (index < list.size()) {
					list.set(index, value);
				}
				else {
					list.add(value);
				}
			}
			else {
				if (index >= list.size()) {
					throw invalidPath();
				}
				list.set(index, setIn(list.get(index), path, depth + 1, value));
			}
			return Value.l(list);
		}
		if (container.type() != Value.Type.M) {
			throw invalidPath();
		}
		Map<String, Value> map = new LinkedHashMap<>(container.m());
		if (last) {
			map.put((String) element, value);
		}
		else {
			Value child = map.get(element);
			if (child == null) {
				throw invalidPath();
			}
			map.put((String) element, setIn(child, path, depth + 1, value));
		}
		return Value.m(map);
	}

	private static void remove(Map<String, Value> item, Path path) {
		if (path.isTopLevel()) {
			item.remove(path.top());
			return;
		}
		Value top = item.get(path.top());
		if (top == null) {
			return;
		}
		Value changed = removeIn(top, path, 1);
		if (changed != null) {
			item.put(path.top(), changed);
		}
	}

	/** @return the container without the path's element, or {@code null} if nothing changed */
	private static Value removeIn(Value container, Path path, int depth) {
		Object element = path.elements().get(depth);
		boolean last = depth == path.elements().size() - 1;
		if (element instanceof Integer index) {
			if (container.type() != Value.Type.L || index >= container.l().size()) {
				return null;
			}
			List<Value> list = new ArrayList<>(container.l());
			if (last) {
				list.remove((int) index);
			}
			else {
				Value child = removeIn(list.get(index), path, depth + 1);
				if (child == null) {
					return null;
				}
				list.set(index, child);
			}
			return Value.l(list);
		}
		if (container.type() != Value.Type.M || !container.m().containsKey(element)) {
			return null;
		}
		Map<String, Value> map = new LinkedHashMap<>(container.m());
		if (last) {
			map.remove(element);
		}
		else {
			Value child = removeIn(map.get(element), path, depth + 1);
			if (child == null) {
				return null;
			}
			map.put((String) element, child);
		}
		return Value.m(map);
	}

	private static EngineException invalidPath() {
		return EngineException.validation("The document path provided in the update expression is invalid for update");
	}
}

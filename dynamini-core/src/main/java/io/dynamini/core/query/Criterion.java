package io.dynamini.core.query;

import java.util.List;

import org.springframework.data.core.PropertyPath;
import org.springframework.util.Assert;

/**
 * One condition of a {@link DynaminiQuery} on a property of the entity's state.
 *
 * @param path the property (possibly nested: {@code address.city})
 * @param operator how it is compared
 * @param values the values it is compared with: none, one, two (BETWEEN) or many (IN)
 */
public record Criterion(PropertyPath path, Operator operator, List<Object> values) {

	public Criterion {
		Assert.notNull(path, "path must not be null");
		Assert.notNull(operator, "operator must not be null");
		values = List.copyOf(values);
		Assert.isTrue(operator.arity() < 0 ? !values.isEmpty() : values.size() == operator.arity(),
				() -> operator + " takes " + (operator.arity() < 0 ? "at least one value" : operator.arity() + " values"));
	}

	public static Criterion of(PropertyPath path, Operator operator, Object... values) {
		return new Criterion(path, operator, List.of(values));
	}

	/**
	 * Comparison operators.
	 */
	public enum Operator {

		EQ(1), NE(1), LT(1), LE(1), GT(1), GE(1), BETWEEN(2), BEGINS_WITH(1), CONTAINS(1), IN(-1), IS_NULL(0),
		IS_NOT_NULL(0);

		private final int arity;

		Operator(int arity) {
			this.arity = arity;
		}

		/** @return the number of values, -1 for one or more */
		public int arity() {
			return arity;
		}

		/** @return whether a key condition on a sort key can express it */
		public boolean isKeyCondition() {
			return this == EQ || this == LT || this == LE || this == GT || this == GE || this == BETWEEN
					|| this == BEGINS_WITH;
		}
	}
}

package io.dynamini.core.query;

import io.dynamini.core.query.Criterion.Operator;

import org.springframework.data.core.PropertyPath;

/**
 * A condition of a query as it is planned, before any value is known: which property, compared how.
 *
 * @param path the property
 * @param operator the comparison
 * @param bound whether the value comes from an argument ({@code false} for {@code True}/{@code False} conditions,
 * whose value the method name fixes); only a bound equality can select an index partition
 */
public record Condition(PropertyPath path, Operator operator, boolean bound) {
}

package io.dynamini.embedded.expressions;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import io.dynamini.embedded.expressions.Ast.Action;
import io.dynamini.embedded.expressions.Ast.Condition;
import io.dynamini.embedded.expressions.Ast.Operand;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.values.Value;

/**
 * Parses DynamoDB's expressions into {@link Ast} trees, resolving placeholders: condition (and filter) expressions,
 * key conditions, projections and update expressions. Operator precedence as DynamoDB documents it: comparisons,
 * {@code IN}, {@code BETWEEN}, functions and parentheses bind tightest, then {@code NOT}, {@code AND}, {@code OR}.
 */
public final class Parser {

	private final List<Token> tokens;

	private final String expression;

	private final String kind;

	private final Placeholders placeholders;

	private int at;

	private Parser(String expression, String kind, Placeholders placeholders) {
		this.expression = expression;
		this.kind = kind;
		this.placeholders = placeholders;
		if (expression.isBlank()) {
			throw EngineException.validation("Invalid " + kind + ": The expression can not be empty;");
		}
		this.tokens = Tokenizer.tokenize(expression, kind);
	}

	/** A ConditionExpression or FilterExpression. */
	public static Condition condition(String expression, String kind, Placeholders placeholders) {
		Parser parser = new Parser(expression, kind, placeholders);
		Condition condition = parser.or();
		parser.end();
		return condition;
	}

	public static List<Path> projection(String expression, Placeholders placeholders) {
		Parser parser = new Parser(expression, "ProjectionExpression", placeholders);
		List<Path> paths = new ArrayList<>();
		paths.add(parser.path());
		while (parser.accept(",")) {
			paths.add(parser.path());
		}
		parser.end();
		for (int i = 0; i < paths.size(); i++) {
			for (int j = i + 1; j < paths.size(); j++) {
				if (paths.get(i).overlaps(paths.get(j))) {
					throw EngineException.validation("Invalid ProjectionExpression: Two document paths overlap with each other; "
							+ "must remove or rewrite one of these paths; path one: [" + paths.get(i) + "], path two: ["
							+ paths.get(j) + "]");
				}
			}
		}
		return paths;
	}

	public static List<Action> update(String expression, Placeholders placeholders) {
		Parser parser = new Parser(expression, "UpdateExpression", placeholders);
		List<Action> actions = new ArrayList<>();
		EnumSet<Clause> seen = EnumSet.noneOf(Clause.class);
		while (!parser.peek().kind().equals(Token.Kind.END)) {
			Token keyword = parser.next();
			Clause clause;
			try {
				clause = Clause.valueOf(keyword.text().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw parser.syntax(keyword);
			}
			if (keyword.kind() != Token.Kind.NAME || !seen.add(clause)) {
				throw EngineException.validation("Invalid UpdateExpression: The \"" + clause + "\" section can only be used once in an update expression;");
			}
			do {
				Path path = parser.path();
				switch (clause) {
					case SET -> {
						parser.expect("=");
						actions.add(new Ast.Set(path, parser.setValue()));
					}
					case REMOVE -> actions.add(new Ast.Remove(path));
					case ADD -> actions.add(new Ast.Add(path, parser.operand()));
					case DELETE -> actions.add(new Ast.Delete(path, parser.operand()));
				}
			}
			while (parser.accept(","));
		}
		for (int i = 0; i < actions.size(); i++) {
			for (int j = i + 1; j < actions.size(); j++) {
				if (actions.get(i).path().overlaps(actions.get(j).path())) {
					throw EngineException.validation("Invalid UpdateExpression: Two document paths overlap with each other; "
							+ "must remove or rewrite one of these paths; path one: [" + actions.get(i).path() + "], path two: ["
							+ actions.get(j).path() + "]");
				}
			}
		}
		return actions;
	}

	private enum Clause {
		SET, REMOVE, ADD, DELETE
	}

	private Operand setValue() {
		Operand left = operand();
		if (peek().is("+") || peek().is("-")) {
			boolean plus = next().text().equals("+");
			return new Ast.Arithmetic(left, plus, operand());
		}
		return left;
	}

	private Condition or() {
		Condition left = and();
		while (acceptWord("OR")) {
			left = new Ast.Or(left, and());
		}
		return left;
	}

	private Condition and() {
		Condition left = not();
		while (acceptWord("AND")) {
			left = new Ast.And(left, not());
		}
		return left;
	}

	private Condition not() {
		if (acceptWord("NOT")) {
			return new Ast.Not(not());
		}
		return primary();
	}

	private Condition primary() {
		if (accept("(")) {
			Condition inner = or();
			expect(")");
			return inner;
		}
		Token token = peek();
		if (token.kind() == Token.Kind.NAME && tokens.get(at + 1).is("(")) {
			String function = token.text();
			switch (function) {
				case "attribute_exists", "attribute_not_exists" -> {
					next();
					expect("(");
					Path path = path();
					expect(")");
					return new Ast.Function(function, path, null);
				}
				case "attribute_type", "begins_with", "contains" -> {
					next();
					expect("(");
					Path path = path();
					expect(",");
					Operand argument = operand();
					expect(")");
					return new Ast.Function(function, path, argument);
				}
				case "size" -> {
					// size(path) is an operand: a comparison follows
				}
				default -> throw EngineException.validation("Invalid " + kind + ": Invalid function name; function: " + function);
			}
		}
		Operand left = operand();
		if (acceptWord("BETWEEN")) {
			Operand low = operand();
			if (!acceptWord("AND")) {
				throw syntax(peek());
			}
			return new Ast.Between(left, low, operand());
		}
		if (acceptWord("IN")) {
			expect("(");
			List<Operand> candidates = new ArrayList<>();
			candidates.add(operand());
			while (accept(",")) {
				candidates.add(operand());
			}
			expect(")");
			if (candidates.size() > 100) {
				throw EngineException.validation("Invalid " + kind + ": The IN operator is provided with too many operands; number of operands: " + candidates.size());
			}
			return new Ast.In(left, candidates);
		}
		Token op = next();
		if (op.kind() != Token.Kind.SYMBOL || !List.of("=", "<>", "<", "<=", ">", ">=").contains(op.text())) {
			if (op.kind() == Token.Kind.END) {
				throw EngineException.validation("Invalid " + kind + ": Syntax error; token: \"<EOF>\", near: \"" + expression.substring(Math.max(0, expression.length() - 8)) + "\"");
			}
			throw syntax(op);
		}
		return new Ast.Comparison(left, op.text(), operand());
	}

	private Operand operand() {
		Token token = peek();
		if (token.kind() == Token.Kind.VALUE_REF) {
			next();
			Value value = placeholders.value(token.text());
			return new Ast.Literal(value);
		}
		if (token.kind() == Token.Kind.NAME && tokens.get(at + 1).is("(")) {
			String function = next().text();
			expect("(");
			Operand result = switch (function) {
				case "size" -> new Ast.Size(path());
				case "if_not_exists" -> {
					if (!kind.equals("UpdateExpression")) {
						throw EngineException.validation("Invalid " + kind + ": The function is not allowed in a " + kind.toLowerCase(Locale.ROOT).replace("expression", " expression") + "; function: if_not_exists");
					}
					Path path = path();
					expect(",");
					yield new Ast.IfNotExists(path, operand());
				}
				case "list_append" -> {
					if (!kind.equals("UpdateExpression")) {
						throw EngineException.validation("Invalid " + kind + ": The function is not allowed in a condition expression; function: list_append");
					}
					Operand first = operand();
					expect(",");
					yield new Ast.ListAppend(first, operand());
				}
				default -> throw EngineException.validation("Invalid " + kind + ": Invalid function name; function: " + function);
			};
			expect(")");
			return result;
		}
		return new Ast.PathOperand(path());
	}

	Path path() {
		List<Object> elements = new ArrayList<>();
		elements.add(name(next()));
		while (true) {
			if (accept(".")) {
				elements.add(name(next()));
			}
			else if (peek().is("[")) {
				next();
				Token index = next();
				if (index.kind() != Token.Kind.NUMBER) {
					throw syntax(index);
				}
				elements.add(Integer.parseInt(index.text()));
				expect("]");
			}
			else {
				return new Path(elements);
			}
		}
	}

	private String name(Token token) {
		if (token.kind() == Token.Kind.NAME_REF) {
			return placeholders.name(token.text());
		}
		if (token.kind() != Token.Kind.NAME) {
			throw syntax(token);
		}
		if (ReservedWords.isReserved(token.text())) {
			throw EngineException.validation("Invalid " + kind + ": Attribute name is a reserved keyword; reserved keyword: " + token.text());
		}
		return token.text();
	}

	private Token peek() {
		return tokens.get(at);
	}

	private Token next() {
		Token token = tokens.get(at);
		if (token.kind() != Token.Kind.END) {
			at++;
		}
		return token;
	}

	private boolean accept(String symbol) {
		if (peek().kind() == Token.Kind.SYMBOL && peek().text().equals(symbol)) {
			at++;
			return true;
		}
		return false;
	}

	private boolean acceptWord(String word) {
		if (peek().kind() == Token.Kind.NAME && peek().text().equalsIgnoreCase(word)) {
			at++;
			return true;
		}
		return false;
	}

	private void expect(String symbol) {
		if (!accept(symbol)) {
			throw syntax(peek());
		}
	}

	private void end() {
		if (peek().kind() != Token.Kind.END) {
			throw syntax(peek());
		}
	}

	private EngineException syntax(Token token) {
		return Tokenizer.syntax(kind, expression, token.text(), token.at());
	}
}

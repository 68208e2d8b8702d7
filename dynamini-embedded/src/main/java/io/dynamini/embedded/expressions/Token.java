package io.dynamini.embedded.expressions;

/**
 * One token of an expression.
 *
 * @param kind what it is
 * @param text its text as written (a name, a placeholder with its {@code #} or {@code :}, a number, a symbol)
 * @param at where it starts, for messages
 */
record Token(Kind kind, String text, int at) {

	enum Kind {
		NAME, NAME_REF, VALUE_REF, NUMBER, SYMBOL, END
	}

	boolean is(String symbolOrWord) {
		return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equalsIgnoreCase(symbolOrWord);
	}
}

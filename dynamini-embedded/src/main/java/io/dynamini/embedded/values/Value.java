package io.dynamini.embedded.values;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One DynamoDB attribute value, immutable. Numbers are kept normalized ({@link Numbers}), binary values as byte
 * arrays compared unsigned, sets without duplicates (their order is insertion order, equality ignores it).
 */
public final class Value {

	/** DynamoDB's data types, named as its JSON names them. */
	public enum Type {
		S, N, B, SS, NS, BS, M, L, NULL, BOOL;

		public boolean isScalarKeyType() {
			return this == S || this == N || this == B;
		}

		public boolean isSet() {
			return this == SS || this == NS || this == BS;
		}
	}

	public static final Value NULL = new Value(Type.NULL, Boolean.TRUE);

	public static final Value TRUE = new Value(Type.BOOL, Boolean.TRUE);

	public static final Value FALSE = new Value(Type.BOOL, Boolean.FALSE);

	private final Type type;

	/**
	 * S: String; N: BigDecimal; B: byte[]; SS: Set of String; NS: Set of BigDecimal; BS: List of byte[] (distinct);
	 * M: Map of String to Value; L: List of Value; NULL/BOOL: Boolean.
	 */
	private final Object value;

	private int hash;

	private Value(Type type, Object value) {
		this.type = type;
		this.value = value;
	}

	public static Value s(String s) {
		return new Value(Type.S, Objects.requireNonNull(s));
	}

	public static Value n(BigDecimal number) {
		return new Value(Type.N, number);
	}

	/** @throws IllegalArgumentException if {@code text} is no number DynamoDB accepts */
	public static Value n(String text) {
		return new Value(Type.N, Numbers.parse(text));
	}

	public static Value b(byte[] bytes) {
		return new Value(Type.B, bytes.clone());
	}

	public static Value bool(boolean b) {
		return b ? TRUE : FALSE;
	}

	public static Value ss(Set<String> strings) {
		return new Value(Type.SS, Collections.unmodifiableSet(new LinkedHashSet<>(strings)));
	}

	public static Value ns(Set<BigDecimal> numbers) {
		return new Value(Type.NS, Collections.unmodifiableSet(new LinkedHashSet<>(numbers)));
	}

	public static Value bs(List<byte[]> bytes) {
		List<byte[]> distinct = new ArrayList<>();
		for (byte[] candidate : bytes) {
			if (distinct.stream().noneMatch(known -> Arrays.equals(known, candidate))) {
				distinct.add(candidate.clone());
			}
		}
		return new Value(Type.BS, Collections.unmodifiableList(distinct));
	}

	public static Value m(Map<String, Value> map) {
		return new Value(Type.M, Collections.unmodifiableMap(new LinkedHashMap<>(map)));
	}

	public static Value l(List<Value> list) {
		return new Value(Type.L, List.copyOf(list));
	}

	public Type type() {
		return type;
	}

	public String s() {
		return (String) value;
	}

	public BigDecimal n() {
		return (BigDecimal) value;
	}

	public byte[] b() {
		return ((byte[]) value).clone();
	}

	/** @return the bytes without copying; callers must not change them */
	public byte[] bytesUnsafe() {
		return (byte[]) value;
	}

	public boolean bool() {
		return (Boolean) value;
	}

	@SuppressWarnings("unchecked")
	public Set<String> ss() {
		return (Set<String>) value;
	}

	@SuppressWarnings("unchecked")
	public Set<BigDecimal> ns() {
		return (Set<BigDecimal>) value;
	}

	@SuppressWarnings("unchecked")
	public List<byte[]> bs() {
		return (List<byte[]>) value;
	}

	@SuppressWarnings("unchecked")
	public Map<String, Value> m() {
		return (Map<String, Value>) value;
	}

	@SuppressWarnings("unchecked")
	public List<Value> l() {
		return (List<Value>) value;
	}

	/** @return the number of elements of a set, list or map, or the length of a string or binary */
	public int size() {
		return switch (type) {
			case S -> s().getBytes(StandardCharsets.UTF_8).length;
			case B -> bytesUnsafe().length;
			case SS, NS, BS -> ((java.util.Collection<?>) value).size();
			case M -> m().size();
			case L -> l().size();
			default -> throw new IllegalStateException("no size for " + type);
		};
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof Value that) || that.type != type) {
			return false;
		}
		return switch (type) {
			case B -> Arrays.equals(bytesUnsafe(), that.bytesUnsafe());
			case N -> n().compareTo(that.n()) == 0;
			case NS -> numbersEqual(ns(), that.ns());
			case BS -> bs().size() == that.bs().size()
					&& bs().stream().allMatch(mine -> that.bs().stream().anyMatch(theirs -> Arrays.equals(mine, theirs)));
			default -> value.equals(that.value);
		};
	}

	private static boolean numbersEqual(Set<BigDecimal> a, Set<BigDecimal> b) {
		return a.size() == b.size() && a.stream().allMatch(x -> b.stream().anyMatch(y -> x.compareTo(y) == 0));
	}

	@Override
	public int hashCode() {
		int h = hash;
		if (h == 0) {
			h = switch (type) {
				case B -> Arrays.hashCode(bytesUnsafe());
				case N -> n().stripTrailingZeros().hashCode();
				case NS -> ns().stream().mapToInt(number -> number.stripTrailingZeros().hashCode()).sum();
				case BS -> bs().stream().mapToInt(Arrays::hashCode).sum();
				default -> value.hashCode();
			} * 31 + type.ordinal();
			hash = h;
		}
		return h;
	}

	@Override
	public String toString() {
		return type + ":" + switch (type) {
			case B -> java.util.Base64.getEncoder().encodeToString(bytesUnsafe());
			case N -> Numbers.format(n());
			default -> String.valueOf(value);
		};
	}
}

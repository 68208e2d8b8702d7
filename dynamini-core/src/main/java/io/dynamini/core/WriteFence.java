package io.dynamini.core;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A condition every dynamini write on this thread must carry while {@link #run} runs: that a lease item still has
 * its holder and fencing token. The check is one more action of each write's {@code TransactWriteItems} (and of a
 * transaction's commit), so a write of a holder that lost its lease is refused with nothing written
 * ({@link Refused}, or the exception its creator chose). A write inside a Spring-managed transaction takes the fence
 * along: the commit carries the check, whenever it happens. Used by {@code io.dynamini.lease}.
 */
public final class WriteFence {

	private static final ThreadLocal<WriteFence> CURRENT = new ThreadLocal<>();

	private final String tableName;

	private final Map<String, AttributeValue> key;

	private final String owner;

	private final long token;

	private final String description;

	private final Function<String, ? extends ConcurrencyFailureException> refusal;

	/**
	 * @param key the lease item's key
	 * @param owner the holder the item must name (attribute {@code lo})
	 * @param token the fencing token it must carry (attribute {@code lt})
	 * @param description the lease, for messages
	 */
	public WriteFence(String tableName, Map<String, AttributeValue> key, String owner, long token, String description) {
		this(tableName, key, owner, token, description, Refused::new);
	}

	/**
	 * @param key the lease item's key
	 * @param owner the holder the item must name (attribute {@code lo})
	 * @param token the fencing token it must carry (attribute {@code lt})
	 * @param description the lease, for messages
	 * @param refusal the exception a refused write throws, given its message (the lease marks itself lost there)
	 */
	public WriteFence(String tableName, Map<String, AttributeValue> key, String owner, long token, String description,
			Function<String, ? extends ConcurrencyFailureException> refusal) {
		this.refusal = refusal;
		this.tableName = tableName;
		this.key = Map.copyOf(key);
		this.owner = owner;
		this.token = token;
		this.description = description;
	}

	/**
	 * Runs {@code work} with this fence on every dynamini write it makes on this thread.
	 *
	 * @throws Refused if a write was refused because the lease item no longer names this holder and token
	 */
	public <R> R run(Supplier<R> work) {
		WriteFence outer = CURRENT.get();
		CURRENT.set(this);
		try {
			return work.get();
		}
		finally {
			if (outer == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(outer);
			}
		}
	}

	static @Nullable WriteFence current() {
		return CURRENT.get();
	}

	/** The condition check that goes into a write's transaction. */
	TransactWriteItem check() {
		Placeholders placeholders = new Placeholders();
		String condition = placeholders.name("lo") + " = " + placeholders.value(AttributeValue.fromS(owner)) + " AND "
				+ placeholders.name("lt") + " = " + placeholders.value(AttributeValue.fromN(Long.toString(token)));
		return TransactWriteItem.builder()
			.conditionCheck(ConditionCheck.builder()
				.tableName(tableName)
				.key(key)
				.conditionExpression(condition)
				.expressionAttributeNames(placeholders.names())
				.expressionAttributeValues(placeholders.values())
				.build())
			.build();
	}

	ConcurrencyFailureException refused(String context) {
		return refusal.apply("%s refused, nothing was written: %s is no longer held with token %d".formatted(context,
				description, token));
	}

	/** @return the lease item's key: a transaction checks each lease item once */
	Map<String, AttributeValue> key() {
		return key;
	}

	/** @return whether {@code other} checks the same lease item for the same holder and token */
	boolean sameAs(WriteFence other) {
		return tableName.equals(other.tableName) && key.equals(other.key) && owner.equals(other.owner)
				&& token == other.token;
	}

	/** A write was refused because the lease it was fenced with is no longer held. */
	public static final class Refused extends ConcurrencyFailureException {

		Refused(String message) {
			super(message);
		}
	}
}

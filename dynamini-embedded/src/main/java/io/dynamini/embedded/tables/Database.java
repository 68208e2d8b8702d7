package io.dynamini.embedded.tables;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.storage.Storage;
import io.dynamini.embedded.streams.StreamSettings;
import io.dynamini.embedded.values.Value;

/**
 * Every table of one engine, and the one lock that makes each request atomic: requests run one at a time against the
 * tables (so every item, and every transaction, is linearizable), while the HTTP and SDK work around them runs in
 * parallel. Each write goes through {@link #write}: the table, its indexes, its stream and the storage move
 * together.
 */
public final class Database {

	private final Map<String, Table> tables = new TreeMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Clock clock;

	private final StreamSettings streamSettings;

	private final Storage storage;

	private final String region;

	private final String account;

	/** Client request tokens of transactions, for 10 minutes: token to (request fingerprint, response). */
	private final Map<String, IdempotentResult> tokens = new LinkedHashMap<>();

	private long streamSequence;

	/** Items held by transactions between their two phases (table and key). */
	private final java.util.Set<String> held = new java.util.HashSet<>();

	/** Records younger than this are not yet readable by GetRecords (a fault: stream lag). */
	private volatile long streamLagMillis;

	public Database(Clock clock, StreamSettings streamSettings, Storage storage, String region, String account) {
		this.clock = clock;
		this.streamSettings = streamSettings;
		this.storage = storage;
		this.region = region;
		this.account = account;
	}

	/** Runs {@code work} alone against the tables. */
	public <R> R atomically(Supplier<R> work) {
		lock.lock();
		try {
			return work.get();
		}
		finally {
			lock.unlock();
		}
	}

	public Clock clock() {
		return clock;
	}

	public long nowMillis() {
		return clock.millis();
	}

	public long streamLagMillis() {
		return streamLagMillis;
	}

	public void setStreamLagMillis(long millis) {
		this.streamLagMillis = millis;
	}

	public StreamSettings streamSettings() {
		return streamSettings;
	}

	public String region() {
		return region;
	}

	public String account() {
		return account;
	}

	public Storage storage() {
		return storage;
	}

	public Collection<Table> tables() {
		return tables.values();
	}

	public Table find(String name) {
		return tables.get(name);
	}

	/** @throws EngineException ResourceNotFoundException if there is no such table */
	public Table require(String name) {
		Table table = tables.get(name);
		if (table == null) {
			throw EngineException.tableNotFound(name);
		}
		return table;
	}

	public void add(Table table) {
		tables.put(table.name(), table);
	}

	public void remove(String name) {
		tables.remove(name);
	}

	/** @return a sequence number base for a new stream: sequence numbers never repeat within an engine */
	public long nextStreamBase() {
		streamSequence += 1_000_000_000L;
		return streamSequence;
	}

	/**
	 * Writes an item ({@code null} deletes it): the table and its indexes, a stream record if the item changed, and
	 * the storage.
	 *
	 * @return the item as it was, or {@code null}
	 */
	public Map<String, Value> write(Table table, ItemKey key, Map<String, Value> after, boolean byTimeToLive) {
		Map<String, Value> before = table.write(key, after);
		if (before == null && after == null) {
			return null;
		}
		if (table.stream() != null && !java.util.Objects.equals(before, after)) {
			table.stream().append(key.hash(), table.schema().extract(after != null ? after : before), before, after, byTimeToLive,
					nowMillis());
		}
		storage.write(table, key, after);
		return before;
	}

	/** @return the identity of an item across tables, for holding it */
	public static String itemId(Table table, ItemKey key) {
		return table.name() + "\u0000" + key;
	}

	public boolean isHeld(String itemId) {
		return held.contains(itemId);
	}

	public boolean isHeld(Table table, ItemKey key) {
		return !held.isEmpty() && held.contains(itemId(table, key));
	}

	/** Holds items for a transaction between its phases. */
	public void hold(java.util.Collection<String> items) {
		held.addAll(items);
	}

	public void release(java.util.Collection<String> items) {
		held.removeAll(items);
	}

	/** @throws EngineException TransactionConflictException if a transaction holds the item */
	public void requireNotHeld(Table table, ItemKey key) {
		if (isHeld(table, key)) {
			throw EngineException.transactionConflict("Transaction is ongoing for the item");
		}
	}

	/** A transaction's result remembered under its client request token. */
	public record IdempotentResult(String fingerprint, Object response, long expiresMillis) {
	}

	public IdempotentResult idempotentResult(String token) {
		long now = nowMillis();
		// tokens are remembered in the order they expire: forget from the oldest until one is still valid
		for (var iterator = tokens.values().iterator(); iterator.hasNext();) {
			if (iterator.next().expiresMillis() > now) {
				break;
			}
			iterator.remove();
		}
		return tokens.get(token);
	}

	public void rememberResult(String token, String fingerprint, Object response) {
		tokens.put(token, new IdempotentResult(fingerprint, response, nowMillis() + 10 * 60 * 1000));
	}
}

package io.dynamini.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a whole test table behind dynamini's back (a Scan, with a client of its own, so it never counts against
 * the library) and checks every entity partition's invariants: a latest item and its revisions form one gap-free
 * chain b+1..v whose ULIDs increase with the revision number, one millisecond each; the latest item matches the
 * newest revision (state, head, write token); an erased entity is a stub without state or revisions; and no
 * revision exists without a latest item (no orphans after a purge).
 */
public final class HistoryAudit {

	/**
	 * One revision as stored.
	 *
	 * @param revision the revision number
	 * @param ulid the ULID in its sort key
	 * @param type I, U or D
	 * @param state the stored state
	 */
	public record StoredRevision(long revision, String ulid, String type, Map<String, AttributeValue> state,
			String token) {
	}

	/**
	 * One entity's partition.
	 *
	 * @param pk the partition key
	 * @param latest the latest item, or {@code null}
	 * @param revisions its revisions in sort key order
	 */
	public record Chain(String pk, Map<String, AttributeValue> latest, List<StoredRevision> revisions) {
	}

	/** Revision items tests deleted as DynamoDB's TTL would: the audit counts them as still there (by table). */
	private static final Map<String, List<Map<String, AttributeValue>>> timeToLiveDeleted = new ConcurrentHashMap<>();

	/** Partitions whose latest item tests deleted as DynamoDB's TTL would (by table): leftovers may remain. */
	private static final Map<String, Set<String>> timeToLiveDeletedLatest = new ConcurrentHashMap<>();

	private HistoryAudit() {
	}

	/**
	 * Deletes, as DynamoDB's TTL would, every item of the table whose TTL has passed at {@code nowSeconds} and whose
	 * partition key does not end with {@code spared} - so that a test can let the engine's own TTL deletion remove
	 * the spared items while the audit still knows about the others.
	 */
	public static void expireAllBut(DynamoDbClient client, String table, long nowSeconds, String spared) {
		List<Map<String, AttributeValue>> keys = new ArrayList<>();
		client.scanPaginator(request -> request.tableName(table).consistentRead(true)).items().forEach(item -> {
			AttributeValue ttl = item.get("x");
			if (ttl != null && Long.parseLong(ttl.n()) <= nowSeconds && !item.get("pk").s().endsWith(spared)) {
				keys.add(Map.of("pk", item.get("pk"), "sk", item.get("sk")));
			}
		});
		keys.forEach(key -> deleteAsTimeToLiveWould(client, table, key));
	}

	/**
	 * Deletes an item as DynamoDB's TTL would once its {@code x} has passed (the test engine runs no TTL deletion),
	 * and tells the audit: a revision deleted so still counts in its chain, a latest item deleted so may leave its
	 * revisions behind.
	 */
	public static void deleteAsTimeToLiveWould(DynamoDbClient client, String table, Map<String, AttributeValue> key) {
		Map<String, AttributeValue> item = client.getItem(request -> request.tableName(table).key(key).consistentRead(true))
			.item();
		if (item == null || item.isEmpty()) {
			throw new AssertionError("no item to delete at " + key);
		}
		if (!item.containsKey("x")) {
			throw new AssertionError("DynamoDB's TTL never deletes an item without its TTL attribute: " + key);
		}
		if (item.get("sk").s().equals(io.dynamini.core.TableLayout.LATEST_SORT_KEY)) {
			timeToLiveDeletedLatest.computeIfAbsent(table, name -> ConcurrentHashMap.newKeySet()).add(item.get("pk").s());
		}
		else {
			timeToLiveDeleted.computeIfAbsent(table, name -> new CopyOnWriteArrayList<>()).add(item);
		}
		client.deleteItem(request -> request.tableName(table).key(key));
	}

	/**
	 * @return every entity chain of the table, after checking each; throws {@link AssertionError} on the first
	 * violation
	 */
	public static List<Chain> audit(String table) {
		Map<String, List<Map<String, AttributeValue>>> partitions = new TreeMap<>();
		try (DynamoDbClient client = TestEngine.client()) {
			client.scanPaginator(request -> request.tableName(table).consistentRead(true))
				.items()
				.forEach(item -> partitions.computeIfAbsent(item.get("pk").s(), key -> new ArrayList<>()).add(item));
		}
		for (Map<String, AttributeValue> deleted : timeToLiveDeleted.getOrDefault(table, List.of())) {
			List<Map<String, AttributeValue>> partition = partitions.computeIfAbsent(deleted.get("pk").s(),
					key -> new ArrayList<>());
			if (partition.stream().noneMatch(item -> item.get("sk").equals(deleted.get("sk")))) {
				partition.add(deleted);
			}
		}
		Set<String> latestDeleted = timeToLiveDeletedLatest.getOrDefault(table, Set.of());
		List<Chain> chains = new ArrayList<>();
		for (Map.Entry<String, List<Map<String, AttributeValue>>> partition : partitions.entrySet()) {
			if (partition.getKey().split("#", -1).length == 4 && partition.getKey().contains("#~dynamini#")) {
				checkBookkeeping(partition.getKey(), partition.getValue());
				continue;
			}
			if (latestDeleted.contains(partition.getKey()) && partition.getValue()
				.stream()
				.noneMatch(item -> item.get("sk").s().equals(io.dynamini.core.TableLayout.LATEST_SORT_KEY))) {
				// an expired entity whose latest item DynamoDB deleted: what is left waits for its own TTL
				continue;
			}
			chains.add(check(partition.getKey(), partition.getValue()));
		}
		return chains;
	}

	/** The table's own items (change-feed leases and checkpoints): never an entity's, never in an index. */
	private static void checkBookkeeping(String pk, List<Map<String, AttributeValue>> items) {
		for (Map<String, AttributeValue> item : items) {
			require(item.keySet().stream().noneMatch(name -> name.equals("tpk") || name.matches("g\\dpk")), pk,
					"a bookkeeping item carries index keys: " + item.keySet());
			require(!item.containsKey("d") && !item.containsKey("r"), pk, "a bookkeeping item looks like an entity's");
		}
	}

	private static Chain check(String pk, List<Map<String, AttributeValue>> items) {
		Map<String, AttributeValue> latest = null;
		List<StoredRevision> revisions = new ArrayList<>();
		// TTLs of revisions: those history retention gave (marks), and those written with an @ExpiresAt
		Map<String, Long> expiries = new java.util.HashMap<>();
		Map<String, Long> marks = new java.util.HashMap<>();
		for (Map<String, AttributeValue> item : items) {
			String sk = item.get("sk").s();
			if (sk.equals(io.dynamini.core.TableLayout.LATEST_SORT_KEY)) {
				latest = item;
			}
			else {
				require(sk.startsWith("H#"), pk, "unexpected sort key " + sk);
				if (item.containsKey("x")) {
					expiries.put(sk.substring(2), Long.parseLong(item.get("x").n()));
					if (!item.containsKey("xe")) {
						marks.put(sk.substring(2), Long.parseLong(item.get("x").n()));
					}
				}
				revisions.add(new StoredRevision(Long.parseLong(item.get("r").n()), sk.substring(2), item.get("t").s(),
						item.get("d").m(), item.get("w").s()));
			}
		}
		revisions.sort((a, b) -> a.ulid().compareTo(b.ulid()));
		require(latest != null || revisions.isEmpty(), pk, revisions.size() + " orphan revisions without a latest item");
		if (latest == null) {
			return new Chain(pk, null, revisions);
		}
		if (latest.containsKey("pg")) {
			return new Chain(pk, latest, revisions);
		}
		if (latest.containsKey("e")) {
			require(revisions.isEmpty(), pk, revisions.size() + " revisions survive its purge");
			require(!latest.containsKey("d"), pk, "an erased entity keeps its state");
			return new Chain(pk, latest, revisions);
		}
		long version = Long.parseLong(latest.get("v").n());
		long base = latest.containsKey("b") ? Long.parseLong(latest.get("b").n()) : 0;
		if (latest.containsKey("gs")) {
			// an entity that replaced an expired one: the expired one's revisions may still wait for their TTL
			String start = latest.get("gs").s();
			List<StoredRevision> leftovers = revisions.stream().filter(revision -> revision.ulid().compareTo(start) < 0).toList();
			for (StoredRevision leftover : leftovers) {
				require(leftover.revision() <= base || base == 0, pk, "leftover revision " + leftover.revision()
						+ " of an expired predecessor inside the current history");
				require(expiries.containsKey(leftover.ulid()), pk, "leftover revision " + leftover.revision() + " has no TTL");
			}
			revisions = new ArrayList<>(revisions);
			revisions.removeAll(leftovers);
		}
		require(revisions.size() == version - base, pk,
				"version " + version + " (base " + base + ") but " + revisions.size() + " revisions");
		boolean live = false;
		for (int i = 0; i < revisions.size(); i++) {
			StoredRevision revision = revisions.get(i);
			require(revision.revision() == base + i + 1, pk, "revision " + revision.revision() + " at position "
					+ (base + i + 1) + " (ULID order differs from revision order, or a gap/duplicate)");
			if (i > 0) {
				require(com.github.f4b6a3.ulid.Ulid.getTime(revision.ulid()) > com.github.f4b6a3.ulid.Ulid
					.getTime(revisions.get(i - 1).ulid()), pk, "revisions " + revision.revision() + " and "
							+ (revision.revision() - 1) + " share a millisecond");
			}
			switch (revision.type()) {
				case "I" -> require(!live, pk, "INSERT of a live entity at revision " + revision.revision());
				case "U" -> require(live || i > 0, pk, "UPDATE before any INSERT at revision " + revision.revision());
				case "D" -> require(live, pk, "DELETE of a deleted entity at revision " + revision.revision());
				default -> throw new AssertionError(pk + ": unknown revision type " + revision.type());
			}
			live = !revision.type().equals("D");
		}
		StoredRevision newest = revisions.get(revisions.size() - 1);
		require(latest.get("h").s().equals(newest.ulid()), pk, "latest item's head is not the newest revision");
		require(latest.get("d").m().equals(newest.state()), pk, "latest state differs from the newest revision's");
		require(latest.containsKey("del") == newest.type().equals("D"), pk, "deleted flag disagrees with history");
		require(latest.get("w").s().equals(newest.token()), pk, "latest item's write token is not the newest revision's");
		checkRetention(pk, latest, revisions, marks);
		return new Chain(pk, latest, revisions);
	}

	/**
	 * History retention: the pending list is the unmarked tail of the history, ending at the newest revision; marked
	 * revisions all lie before it and expire in revision order.
	 */
	private static void checkRetention(String pk, Map<String, AttributeValue> latest, List<StoredRevision> revisions,
			Map<String, Long> expiries) {
		List<String> pending = latest.containsKey("q") ? latest.get("q").l().stream().map(AttributeValue::s).toList()
				: List.of();
		require(pending.size() <= revisions.size(), pk, "pending list longer than the history");
		List<String> tail = revisions.subList(revisions.size() - pending.size(), revisions.size())
			.stream()
			.map(StoredRevision::ulid)
			.toList();
		require(pending.equals(tail), pk, "pending list " + pending + " is not the history's tail " + tail);
		long previous = Long.MIN_VALUE;
		for (StoredRevision revision : revisions) {
			Long expiry = expiries.get(revision.ulid());
			if (pending.contains(revision.ulid())) {
				require(expiry == null, pk, "pending revision " + revision.revision() + " already marked");
			}
			else if (expiry != null) {
				require(expiry >= previous, pk, "revision " + revision.revision() + " expires before an older one");
				previous = expiry;
			}
		}
		require(expiries.get(revisions.get(revisions.size() - 1).ulid()) == null, pk, "the newest revision is marked");
	}

	private static void require(boolean condition, String pk, String message) {
		if (!condition) {
			throw new AssertionError(pk + ": " + message);
		}
	}
}

package io.dynamini.core;

/**
 * Names of the table's key attributes, item attributes and indexes: the single source for every request dynamini
 * builds and for the table it creates. See docs/design.md for the reasoning.
 */
public final class TableLayout {

	/** Partition key (S): {@code <tenant>#<type>#<id>}, each part escaped; one partition per entity. */
	public static final String PARTITION_KEY = "pk";

	/** Sort key (S): {@link #LATEST_SORT_KEY} ({@code A}) for the latest state, {@code H#<ULID>} for each revision. */
	public static final String SORT_KEY = "sk";

	/**
	 * Sort key of the item holding an entity's latest state. It sorts before every revision's {@code H#...}, so an
	 * ascending Query of the partition returns the latest state (and with it the number of revisions) first.
	 */
	public static final String LATEST_SORT_KEY = "A";

	/** Prefix of the sort key of history items; the rest is the revision's ULID. */
	public static final String HISTORY_PREFIX = "H#";

	/** Local secondary index on {@link #REVISION} (keys only): where revision {@code n} is, for lookups by number. */
	public static final String REVISION_INDEX = "rev-index";

	/** Revision number (N) on history items; sort key of {@link #REVISION_INDEX}. */
	public static final String REVISION = "r";

	/** Global secondary index listing the latest state of every entity of one type in one tenant. */
	public static final String TYPE_INDEX = "type-index";

	/** Partition key of {@link #TYPE_INDEX} (S): {@code <tenant>#<type>}, with a {@code #deleted} suffix when deleted. */
	public static final String TYPE_PARTITION_KEY = "tpk";

	/** Sort key of {@link #TYPE_INDEX} (S): the ULID of the entity's creation, so listings come in creation order. */
	public static final String TYPE_SORT_KEY = "tsk";

	/** Name of generic global secondary index {@code slot} (1 to 5), used by {@code @Indexed} properties. */
	public static String genericIndex(int slot) {
		return "gsi" + slot;
	}

	/** Partition key (S) of generic index {@code slot}: {@code <tenant>#<type>#<property>#<value>}. */
	public static String genericPartitionKey(int slot) {
		return "g" + slot + "pk";
	}

	/** Sort key (S) of generic index {@code slot}: the sort property's encoded value, or the creation ULID. */
	public static String genericSortKey(int slot) {
		return "g" + slot + "sk";
	}

	/**
	 * Partition key of the table's own bookkeeping items ({@code kind} {@code changes}: change-feed leases and
	 * checkpoints; {@code lease}: leases), scoped to a tenant: {@code <tenant>#~dynamini#<kind>#<name>}, four parts
	 * where every entity key has three, so no tenant, type or id can produce it. They carry no index keys.
	 */
	public static String systemPartitionKey(String tenant, String kind, String name) {
		return ItemKeys.systemKey(tenant, kind, name);
	}

	/**
	 * The table's TTL attribute (N, epoch seconds): DynamoDB deletes an item some time after the instant it holds.
	 * Set on revision items that history retention dropped (see {@code HistoryRetention}) and on the items of
	 * entities with an {@code @ExpiresAt}.
	 */
	public static final String TIME_TO_LIVE = "x";

	/**
	 * ULIDs (L of S) of the entity's revisions that history retention has not yet marked with a
	 * {@link #TIME_TO_LIVE}, oldest first, the newest (current) last; on the latest item of types with a retention.
	 */
	static final String PENDING = "q";

	/**
	 * The entity's {@code @ExpiresAt} instant (N, epoch milliseconds) on the latest item: from then on it reads as
	 * absent. The latest item also carries it, rounded up to seconds, as its {@link #TIME_TO_LIVE}.
	 */
	static final String EXPIRES_AT = "xe";

	/**
	 * ULID of the first revision of the entity's current history (S), on the latest item of types with an
	 * {@code @ExpiresAt}: revisions sorting before it belong to an expired predecessor under the same id.
	 */
	static final String GENERATION_START = "gs";

	/** Version (N) on the latest item: the number of its newest revision. */
	static final String VERSION = "v";

	/** ULID of the newest revision, on the latest item; every new revision must sort after it. */
	static final String HEAD = "h";

	/** Revision type on both kinds of item: {@code I}, {@code U} or {@code D}. */
	static final String TYPE = "t";

	/** The entity's state (M). */
	static final String STATE = "d";

	/** Present (BOOL true) on the latest item while the entity is soft-deleted. */
	static final String DELETED = "del";

	/** The purge's token (S) on the latest item while a purge erases the entity; every purger joins that token. */
	static final String PURGING = "pg";

	/** Present (BOOL true) on the latest item once a purge erased the entity: a stub with no state or history. */
	static final String ERASED = "e";

	/**
	 * Number of the newest revision that no longer exists (N; absent means 0): revisions {@code b+1..v} are stored.
	 * A purge sets it to the version it ended at, so a re-created entity keeps counting and no copy from before
	 * the purge can match its version.
	 */
	static final String BASE = "b";

	/** Random token of the write that produced the item (S), on latest and revision items: how a write knows its own. */
	static final String WRITE_TOKEN = "w";

	/** Who wrote the revision (S), on both kinds of item, with auditing: the {@code AuditorAware}'s auditor as text. */
	static final String AUTHOR = "a";

	/** Entity type name on both kinds of item, for people and stream consumers reading the table. */
	static final String ENTITY_TYPE = "et";

	/** Suffix of {@link #TYPE_PARTITION_KEY} for deleted entities. */
	static final String DELETED_SUFFIX = "#deleted";

	private TableLayout() {
	}
}

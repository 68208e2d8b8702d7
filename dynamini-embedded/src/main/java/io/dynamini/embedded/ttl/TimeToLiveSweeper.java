package io.dynamini.embedded.ttl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.ItemKey;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;

/**
 * DynamoDB's TTL: deletes items whose TTL attribute (a number, epoch seconds) has passed, writing stream records as
 * the service does ({@code userIdentity} {@code Service}/{@code dynamodb.amazonaws.com}). Items whose TTL lies more
 * than five years in the past, or whose attribute is no number, are left alone, as DynamoDB leaves them. Until swept,
 * expired items are read like any other.
 */
public final class TimeToLiveSweeper {

	private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;

	private final Database database;

	public TimeToLiveSweeper(Database database) {
		this.database = database;
	}

	/** @return how many items were deleted */
	public int sweep() {
		return database.atomically(() -> {
			long now = database.nowMillis() / 1000;
			int deleted = 0;
			for (Table table : new ArrayList<>(database.tables())) {
				String attribute = table.timeToLiveAttribute();
				if (attribute == null) {
					continue;
				}
				List<ItemKey> expired = new ArrayList<>();
				for (Map.Entry<ItemKey, Map<String, Value>> entry : table.items().entrySet()) {
					Value ttl = entry.getValue().get(attribute);
					if (ttl == null || ttl.type() != Value.Type.N) {
						continue;
					}
					BigDecimal seconds = ttl.n();
					if (seconds.compareTo(BigDecimal.valueOf(now)) <= 0
							&& seconds.compareTo(BigDecimal.valueOf(now - FIVE_YEARS_SECONDS)) >= 0) {
						expired.add(entry.getKey());
					}
				}
				// an item a transaction holds is left for the next sweep
				expired.removeIf(key -> database.isHeld(table, key));
				for (ItemKey key : expired) {
					database.write(table, key, null, true);
					deleted++;
				}
			}
			if (deleted > 0) {
				database.storage().commit();
			}
			return deleted;
		});
	}
}

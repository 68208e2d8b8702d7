package io.dynamini.changes;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Orders a stream's shards so that every parent comes before its children (DynamoDB lists them in no guaranteed
 * order), keeping the listed order otherwise: the records of one item move from a parent shard to a child when the
 * shard splits or rolls over, so reading parents first keeps each entity's changes in order.
 */
final class ShardOrder {

	private ShardOrder() {
	}

	static Map<String, Shard> parentsFirst(Map<String, Shard> shards) {
		Map<String, Shard> ordered = new LinkedHashMap<>();
		for (Shard shard : shards.values()) {
			add(shard, shards, ordered, 0);
		}
		return ordered;
	}

	private static void add(Shard shard, Map<String, Shard> shards, Map<String, Shard> ordered, int depth) {
		if (ordered.containsKey(shard.shardId()) || depth > shards.size()) {
			return;
		}
		Shard parent = shard.parentShardId() == null ? null : shards.get(shard.parentShardId());
		if (parent != null) {
			add(parent, shards, ordered, depth + 1);
		}
		ordered.put(shard.shardId(), shard);
	}
}

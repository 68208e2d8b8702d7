package io.dynamini.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Shards as DynamoDB may list them (children first, parents trimmed away): read order puts every parent first.
 */
class ShardOrderUnitTests {

	static Shard shard(String id, String parent) {
		return Shard.builder().shardId(id).parentShardId(parent).build();
	}

	@Test
	void parentsComeBeforeTheirChildrenWhateverTheListedOrder() {
		Map<String, Shard> listed = new LinkedHashMap<>();
		for (Shard shard : new Shard[] { shard("grandchild", "child-1"), shard("child-2", "root"), shard("child-1", "root"),
				shard("root", "trimmed-away"), shard("other", null) }) {
			listed.put(shard.shardId(), shard);
		}

		assertThat(ShardOrder.parentsFirst(listed).keySet()).containsExactly("root", "child-1", "grandchild", "child-2",
				"other");
	}
}

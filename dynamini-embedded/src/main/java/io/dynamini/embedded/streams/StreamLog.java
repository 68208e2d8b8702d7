package io.dynamini.embedded.streams;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dynamini.embedded.protocol.AttributeJson;
import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * A table's stream: a configurable number of active shards (all records of one partition key go to one shard, as
 * DynamoDB's shards follow its partitions, so one item's records, and one partition's, keep their order), rolled over into child shards by record count, by age or on demand, each record with a per-shard increasing
 * sequence number. Records are written only for writes that change an item.
 */
public final class StreamLog {

	/** A stream's label, as DynamoDB writes it: the creation instant to the millisecond, in UTC. */
	private static final java.time.format.DateTimeFormatter LABEL = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
		.withZone(java.time.ZoneOffset.UTC);

	private final String arn;

	private final String label;

	private final String viewType;

	private final StreamSettings settings;

	private final long createdMillis;

	private final List<Shard> shards = new ArrayList<>();

	private final List<Shard> active = new ArrayList<>();

	private final String region;

	private boolean enabled = true;

	private long sequence;

	private int shardCounter;

	public StreamLog(String tableArn, String viewType, StreamSettings settings, long nowMillis, long firstSequence, String region) {
		this.label = LABEL.format(java.time.Instant.ofEpochMilli(nowMillis));
		this.arn = tableArn + "/stream/" + label;
		this.viewType = viewType;
		this.settings = settings;
		this.createdMillis = nowMillis;
		this.sequence = firstSequence;
		this.region = region;
		for (int i = 0; i < settings.activeShards(); i++) {
			Shard shard = newShard(null, nowMillis);
			active.add(shard);
		}
	}

	public String arn() {
		return arn;
	}

	public String label() {
		return label;
	}

	public String viewType() {
		return viewType;
	}

	public boolean enabled() {
		return enabled;
	}

	public long createdMillis() {
		return createdMillis;
	}

	/** Stops taking records (the table's stream was disabled); its shards close and stay readable until trimmed. */
	public void disable(long nowMillis) {
		enabled = false;
		for (Shard shard : active) {
			shard.close(sequence);
		}
		active.clear();
	}

	public List<Shard> shards() {
		return shards;
	}

	public Shard shard(String shardId) {
		for (Shard shard : shards) {
			if (shard.id().equals(shardId)) {
				return shard;
			}
		}
		return null;
	}

	private Shard newShard(String parentId, long nowMillis) {
		shardCounter++;
		String id = "shardId-%020d-%08x".formatted(nowMillis * 1000 + shardCounter, (arn + shardCounter).hashCode());
		Shard shard = new Shard(id, parentId, sequence + 1, nowMillis);
		shards.add(shard);
		return shard;
	}

	/**
	 * Appends the record of a write that changed an item.
	 *
	 * @param partition the item's partition key value: it chooses the shard
	 * @param keys the item's key attributes
	 * @param before the item before ({@code null}: it was created)
	 * @param after the item after ({@code null}: it was deleted)
	 * @param byTimeToLive whether DynamoDB's TTL deleted it
	 */
	public void append(Value partition, Map<String, Value> keys, Map<String, Value> before, Map<String, Value> after, boolean byTimeToLive,
			long nowMillis) {
		if (!enabled) {
			return;
		}
		rollOverIfDue(nowMillis);
		Shard shard = active.get(Math.floorMod(partition.hashCode(), active.size()));
		long number = ++sequence;
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ApproximateCreationDateTime", BigDecimal.valueOf(nowMillis / 1000));
		data.put("Keys", AttributeJson.writeItem(keys));
		long size = Values.itemSize(keys);
		if (after != null && (viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
			data.put("NewImage", AttributeJson.writeItem(after));
			size += Values.itemSize(after);
		}
		if (before != null && (viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
			data.put("OldImage", AttributeJson.writeItem(before));
			size += Values.itemSize(before);
		}
		data.put("SequenceNumber", format(number));
		data.put("SizeBytes", size);
		data.put("StreamViewType", viewType);
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
		record.put("eventName", before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY");
		record.put("eventVersion", "1.1");
		record.put("eventSource", "aws:dynamodb");
		record.put("awsRegion", region);
		record.put("dynamodb", data);
		if (byTimeToLive) {
			record.put("userIdentity", Map.of("PrincipalId", "dynamodb.amazonaws.com", "Type", "Service"));
		}
		shard.append(new StreamRecord(number, nowMillis, (int) size, record));
	}

	private void rollOverIfDue(long nowMillis) {
		boolean due = false;
		for (Shard shard : active) {
			if ((settings.rolloverRecords() > 0 && shard.records().size() >= settings.rolloverRecords())
					|| (settings.rolloverAfter() != null && nowMillis - shard.createdMillis() >= settings.rolloverAfter().toMillis())) {
				due = true;
			}
		}
		if (due) {
			rollOver(nowMillis);
		}
	}

	/** Closes every active shard and opens a child for each (the shard lineage DescribeStream shows). */
	public void rollOver(long nowMillis) {
		if (!enabled) {
			return;
		}
		List<Shard> children = new ArrayList<>();
		for (Shard parent : active) {
			parent.close(sequence);
		}
		for (Shard parent : active) {
			children.add(newShard(parent.id(), nowMillis));
		}
		active.clear();
		active.addAll(children);
	}

	/** Drops records older than the retention, and shards closed and emptied by it. */
	public void trim(long nowMillis) {
		long horizon = nowMillis - settings.retention().toMillis();
		for (Shard shard : shards) {
			shard.trim(horizon);
		}
		shards.removeIf(shard -> !shard.open() && shard.records().isEmpty() && shard.createdMillis() < horizon
				&& shard.trimmedBefore() > shard.endingSequence());
	}

	public static String format(long sequence) {
		return "%021d".formatted(sequence);
	}

	public long lastSequence() {
		return sequence;
	}
}

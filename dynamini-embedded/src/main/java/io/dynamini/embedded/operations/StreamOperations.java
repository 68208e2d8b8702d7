package io.dynamini.embedded.operations;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.streams.Shard;
import io.dynamini.embedded.streams.StreamLog;
import io.dynamini.embedded.streams.StreamRecord;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.Table;

/**
 * DynamoDB Streams: ListStreams, DescribeStream (with {@code ShardFilter} {@code CHILD_SHARDS},
 * {@code ExclusiveStartShardId} and {@code Limit}), GetShardIterator (all four types) and GetRecords (at most 1,000
 * records or 1 MB). Iterators expire after 15 minutes; positions before the retention horizon are trimmed.
 */
final class StreamOperations {

	private static final long ITERATOR_LIFETIME_MILLIS = 15 * 60 * 1000;

	private static final long MAX_RECORDS_BYTES = 1024 * 1024;

	private StreamOperations() {
	}

	private record Located(Table table, StreamLog stream) {
	}

	private static Located stream(Database database, String arn) {
		if (arn == null) {
			throw EngineException.constraint(null, "streamArn", "Member must not be null");
		}
		for (Table table : database.tables()) {
			StreamLog stream = table.stream();
			if (stream != null && stream.arn().equals(arn)) {
				stream.trim(database.nowMillis());
				return new Located(table, stream);
			}
		}
		throw EngineException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
	}

	static Object listStreams(Database database, Request request) {
		String tableName = request.string("TableName");
		Integer limit = request.integer("Limit");
		String start = request.string("ExclusiveStartStreamArn");
		List<Object> streams = new ArrayList<>();
		boolean started = start == null;
		String last = null;
		for (Table table : database.tables()) {
			StreamLog stream = table.stream();
			if (stream == null || (tableName != null && !tableName.equals(table.name()))) {
				continue;
			}
			if (!started) {
				started = stream.arn().equals(start);
				continue;
			}
			if (limit != null && streams.size() >= limit) {
				break;
			}
			streams.add(Map.of("StreamArn", stream.arn(), "TableName", table.name(), "StreamLabel", stream.label()));
			last = stream.arn();
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Streams", streams);
		if (limit != null && streams.size() >= limit && last != null) {
			response.put("LastEvaluatedStreamArn", last);
		}
		return response;
	}

	static Object describeStream(Database database, Request request) {
		Located located = stream(database, request.string("StreamArn"));
		StreamLog stream = located.stream();
		Integer limit = request.integer("Limit");
		String start = request.string("ExclusiveStartShardId");
		Request filter = request.nested("ShardFilter");
		String parent = null;
		if (filter != null) {
			Items.checkEnum(filter.string("Type"), "shardFilter.type", List.of("CHILD_SHARDS"));
			parent = filter.requiredString("ShardId");
		}
		List<Object> shards = new ArrayList<>();
		boolean started = start == null;
		String last = null;
		boolean more = false;
		for (Shard shard : stream.shards()) {
			if (!started) {
				started = shard.id().equals(start);
				continue;
			}
			if (parent != null && !parent.equals(shard.parentId())) {
				continue;
			}
			if (limit != null && shards.size() >= limit) {
				more = true;
				break;
			}
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("ShardId", shard.id());
			if (shard.parentId() != null) {
				description.put("ParentShardId", shard.parentId());
			}
			Map<String, Object> range = new LinkedHashMap<>();
			range.put("StartingSequenceNumber", StreamLog.format(shard.startingSequence()));
			if (!shard.open()) {
				range.put("EndingSequenceNumber", StreamLog.format(Math.max(shard.endingSequence(), shard.startingSequence())));
			}
			description.put("SequenceNumberRange", range);
			shards.add(description);
			last = shard.id();
		}
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("StreamArn", stream.arn());
		description.put("StreamLabel", stream.label());
		description.put("StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED");
		description.put("StreamViewType", stream.viewType());
		description.put("CreationRequestDateTime", BigDecimal.valueOf(stream.createdMillis()).movePointLeft(3));
		description.put("TableName", located.table().name());
		description.put("KeySchema", located.table().schema().describe());
		description.put("Shards", shards);
		if (more) {
			description.put("LastEvaluatedShardId", last);
		}
		return Map.of("StreamDescription", description);
	}

	static Object getShardIterator(Database database, Request request) {
		Located located = stream(database, request.string("StreamArn"));
		String shardId = request.requiredString("ShardId");
		Shard shard = located.stream().shard(shardId);
		if (shard == null) {
			throw EngineException.resourceNotFound("Requested resource not found: Shard does not exist");
		}
		String type = request.requiredString("ShardIteratorType");
		Items.checkEnum(type, "shardIteratorType", List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"));
		long position = switch (type) {
			case "TRIM_HORIZON" -> shard.trimmedBefore();
			case "LATEST" -> shard.open() ? located.stream().lastSequence() + 1 : shard.endingSequence() + 1;
			default -> {
				String text = request.requiredString("SequenceNumber");
				long sequence;
				try {
					sequence = Long.parseLong(text);
				}
				catch (NumberFormatException ex) {
					throw EngineException.validation("Invalid SequenceNumber: " + text);
				}
				if (sequence < shard.startingSequence() || (!shard.open() && sequence > shard.endingSequence())) {
					throw EngineException.validation("Invalid SequenceNumber for ShardIteratorType " + type + ": " + text
							+ " is not in shard " + shardId);
				}
				long from = type.equals("AT_SEQUENCE_NUMBER") ? sequence : sequence + 1;
				if (from < shard.trimmedBefore()) {
					throw EngineException.trimmedDataAccess("Attempted to access data older than the trim horizon");
				}
				yield from;
			}
		};
		return Map.of("ShardIterator", iterator(located.stream().arn(), shardId, position, database.nowMillis()));
	}

	private static String iterator(String arn, String shardId, long position, long issuedMillis) {
		String text = arn + "|" + shardId + "|" + position + "|" + issuedMillis;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static Object getRecords(Database database, Request request) {
		String iterator = request.requiredString("ShardIterator");
		String[] parts;
		try {
			parts = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8).split("\\|");
			if (parts.length != 4) {
				throw new IllegalArgumentException();
			}
		}
		catch (IllegalArgumentException ex) {
			throw EngineException.validation("Invalid ShardIterator");
		}
		long issued = Long.parseLong(parts[3]);
		if (database.nowMillis() - issued > ITERATOR_LIFETIME_MILLIS) {
			throw EngineException.expiredIterator("Iterator expired. The iterator was created at time "
					+ java.time.Instant.ofEpochMilli(issued) + " while right now the time is " + java.time.Instant.ofEpochMilli(database.nowMillis()));
		}
		Located located = stream(database, parts[0]);
		Shard shard = located.stream().shard(parts[1]);
		if (shard == null) {
			throw EngineException.resourceNotFound("Requested resource not found: Shard does not exist");
		}
		long position = Long.parseLong(parts[2]);
		if (position < shard.trimmedBefore()) {
			throw EngineException.trimmedDataAccess("Attempted to access data older than the trim horizon");
		}
		Integer limit = request.integer("Limit");
		int max = limit == null ? 1000 : limit;
		if (max < 1 || max > 1000) {
			throw EngineException.constraint(max, "limit", "Member must have value less than or equal to 1000");
		}
		List<Object> records = new ArrayList<>();
		long bytes = 0;
		int index = shard.indexOf(position);
		long next = position;
		long visibleUntil = database.nowMillis() - database.streamLagMillis();
		for (int i = index; i < shard.records().size() && records.size() < max; i++) {
			StreamRecord record = shard.records().get(i);
			if (record.createdMillis() > visibleUntil) {
				break;
			}
			if (!records.isEmpty() && bytes + record.sizeBytes() > MAX_RECORDS_BYTES) {
				break;
			}
			records.add(record.json());
			bytes += record.sizeBytes();
			next = record.sequence() + 1;
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Records", records);
		boolean remaining = index + records.size() < shard.records().size();
		boolean exhausted = !shard.open() && !remaining;
		if (!exhausted) {
			response.put("NextShardIterator", iterator(parts[0], parts[1], next, database.nowMillis()));
		}
		return response;
	}
}

package io.dynamini.changes;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.dynamini.core.DynaminiExceptionTranslator;

import org.springframework.dao.DataAccessException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What one holding of a group's lease reads: the table's stream, its shards (parents before children) and where each
 * stands. Reads each ready shard in turn, hands its records' events to the listener with retries, and checkpoints
 * each delivered batch. Created by {@link PollingChangeFeed} when it takes the lease, dropped when it loses it.
 */
final class ShardReader {

	private static final System.Logger logger = System.getLogger(ShardReader.class.getName());

	private static final long SHARD_REFRESH_NANOS = 60_000_000_000L;

	private static final int RECORDS_PER_READ = 1000;

	private static final int READS_PER_SHARD_AND_PASS = 10;

	/** What the reader asks of the feed that runs it. */
	interface Control {

		/** @return whether the feed still runs */
		boolean running();

		/** @return whether the feed stops as a crashed process would (no checkpoint of the batch in flight) */
		boolean crashing();

		/** Pauses the feed's thread, waking early when the feed stops. */
		void pause(long millis);
	}

	private static final DynaminiExceptionTranslator translator = new DynaminiExceptionTranslator();

	private final DynamoDbStreamsClient streams;

	private final ChangeEventDecoder decoder;

	private final Consumer<ChangeEvent<?>> listener;

	private final ChangeFeedOptions options;

	private final FeedStore store;

	private final FeedLease lease;

	private final Control control;

	private final DeliveryRetries retries;

	private final String streamArn;

	private final long firstStartMillis;

	private final Map<String, FeedStore.Checkpoint> checkpoints;

	private final Map<String, String> iterators = new HashMap<>();

	private Map<String, Shard> shards = Map.of();

	private long shardsReadAt;

	private boolean refresh = true;

	ShardReader(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String tableName, ChangeEventDecoder decoder,
			Consumer<ChangeEvent<?>> listener, ChangeFeedOptions options, FeedStore store, FeedLease lease, Control control) {
		this.streams = streams;
		this.decoder = decoder;
		this.listener = listener;
		this.options = options;
		this.store = store;
		this.lease = lease;
		this.control = control;
		this.retries = new DeliveryRetries(options.maxAttempts(), "the feed", control::pause, DeliveryFailed::new);
		String arn = execute("description of table " + tableName,
				() -> dynamo.describeTable(r -> r.tableName(tableName)).table().latestStreamArn());
		if (arn == null) {
			throw new StreamMissing("Table " + tableName + " has no stream: enable it (dynamini.table.create=true "
					+ "with dynamini.changes.enabled=true does) before starting the change feed");
		}
		this.streamArn = arn;
		this.firstStartMillis = store.firstStart(System.currentTimeMillis());
		this.checkpoints = new HashMap<>(store.checkpoints());
	}

	/** @return whether any record was read */
	boolean pass() {
		if (refresh || System.nanoTime() - shardsReadAt > SHARD_REFRESH_NANOS) {
			shards = describeShards();
			shardsReadAt = System.nanoTime();
			refresh = false;
		}
		boolean read = false;
		for (Shard shard : shards.values()) {
			if (!control.running()) {
				break;
			}
			if (isFinished(shard.shardId()) || !parentFinished(shard)) {
				continue;
			}
			read |= readShard(shard.shardId());
		}
		return read;
	}

	private boolean isFinished(String shardId) {
		FeedStore.Checkpoint checkpoint = checkpoints.get(shardId);
		return checkpoint != null && checkpoint.finished();
	}

	/** A shard is read after its parent, unless the parent left the stream (trimmed). */
	private boolean parentFinished(Shard shard) {
		String parent = shard.parentShardId();
		return parent == null || !shards.containsKey(parent) || isFinished(parent);
	}

	private boolean readShard(String shardId) {
		boolean read = false;
		for (int reads = 0; reads < READS_PER_SHARD_AND_PASS && control.running(); reads++) {
			String iterator = iterators.computeIfAbsent(shardId, this::iterator);
			GetRecordsResponse response;
			try {
				response = execute("read of stream shard " + shardId,
						() -> streams.getRecords(r -> r.shardIterator(iterator).limit(RECORDS_PER_READ)));
			}
			catch (DataAccessException ex) {
				if (ex.getCause() instanceof ExpiredIteratorException) {
					iterators.remove(shardId);
					continue;
				}
				throw ex;
			}
			List<Record> records = response.records();
			deliver(shardId, records, response.nextShardIterator() == null);
			if (response.nextShardIterator() == null) {
				iterators.remove(shardId);
				refresh = true;
				return true;
			}
			iterators.put(shardId, response.nextShardIterator());
			if (records.isEmpty()) {
				return read;
			}
			read = true;
		}
		return read;
	}

	/**
	 * Delivers a batch and checkpoints it. Interrupted (stopping, the lease lost, or a listener failing for good),
	 * it checkpoints what it delivered, except when crashing, and ends the term.
	 */
	private void deliver(String shardId, List<Record> records, boolean shardEnds) {
		String done = null;
		int delivered = 0;
		boolean interrupted = false;
		DeliveryFailed failed = null;
		try {
			for (Record record : records) {
				Optional<ChangeEvent<?>> event = decode(record);
				if (event.isPresent() && isAfterStart(event.get())) {
					if (!deliver(event.get())) {
						interrupted = true;
						break;
					}
					delivered++;
				}
				done = record.dynamodb().sequenceNumber();
			}
		}
		catch (DeliveryFailed ex) {
			interrupted = true;
			failed = ex;
		}
		boolean finished = shardEnds && !interrupted;
		if ((delivered > 0 || finished) && !control.crashing()) {
			FeedStore.Checkpoint previous = checkpoints.get(shardId);
			String sequence = done != null ? done : previous == null ? null : previous.sequence();
			if (!store.checkpoint(shardId, sequence, finished, lease.token())) {
				throw new LeaseLost();
			}
			checkpoints.put(shardId, new FeedStore.Checkpoint(sequence, finished));
		}
		if (failed != null) {
			throw failed;
		}
		if (interrupted) {
			throw new LeaseLost();
		}
	}

	private Optional<ChangeEvent<?>> decode(Record record) {
		return retries.decode(() -> decoder.decode(record), "the record " + record.dynamodb().sequenceNumber());
	}

	private boolean isAfterStart(ChangeEvent<?> event) {
		return options.startPosition() == StartPosition.TRIM_HORIZON
				|| event.instant().toEpochMilli() >= firstStartMillis;
	}

	/** @return whether the event was delivered; {@code false} when stopping or the lease is lost */
	private boolean deliver(ChangeEvent<?> event) {
		return retries.deliver(event, listener, () -> control.running() && lease.hold());
	}

	private String iterator(String shardId) {
		FeedStore.Checkpoint checkpoint = checkpoints.get(shardId);
		String sequence = checkpoint == null ? null : checkpoint.sequence();
		try {
			return execute("iterator of stream shard " + shardId, () -> streams.getShardIterator(r -> {
				r.streamArn(streamArn).shardId(shardId);
				if (sequence != null) {
					r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(sequence);
				}
				else {
					r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
				}
			}).shardIterator());
		}
		catch (DataAccessException ex) {
			if (sequence != null && ex.getCause() instanceof TrimmedDataAccessException) {
				logger.log(System.Logger.Level.ERROR, "Change feed '" + options.group() + "': the stream no longer "
						+ "holds the records after checkpoint " + sequence + " of shard " + shardId
						+ " (the feed was away longer than the stream keeps records); those changes were not "
						+ "delivered, reading on from the oldest record kept");
				return execute("iterator of stream shard " + shardId, () -> streams.getShardIterator(r -> r
					.streamArn(streamArn)
					.shardId(shardId)
					.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
			}
			throw ex;
		}
	}

	private Map<String, Shard> describeShards() {
		Map<String, Shard> described = new LinkedHashMap<>();
		String start = null;
		do {
			String from = start;
			DescribeStreamResponse response = execute("description of stream " + streamArn,
					() -> streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(from)));
			for (Shard shard : response.streamDescription().shards()) {
				described.put(shard.shardId(), shard);
			}
			start = response.streamDescription().lastEvaluatedShardId();
		}
		while (start != null);
		return ShardOrder.parentsFirst(described);
	}

	private <R> R execute(String context, Supplier<R> call) {
		return translator.execute("change feed '" + options.group() + "': " + context, call);
	}

	/** The lease was lost, or the feed is stopping: deliver nothing more in this holding. */
	static final class LeaseLost extends RuntimeException {

		LeaseLost() {
			super(null, null, false, false);
		}
	}

	/** A listener failed on one event as often as allowed: the feed stops before it. */
	static final class DeliveryFailed extends RuntimeException {

		DeliveryFailed(String message, Throwable cause) {
			super(message, cause);
		}
	}

	/** The table has no stream to read. */
	static final class StreamMissing extends RuntimeException {

		StreamMissing(String message) {
			super(message);
		}
	}
}

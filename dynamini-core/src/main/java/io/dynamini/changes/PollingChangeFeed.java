package io.dynamini.changes;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.dynamini.core.DynaminiExceptionTranslator;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
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
 * The change feed in {@code poll} mode: one thread reads the table's DynamoDB stream shard by shard (a parent shard
 * to its end before its children), decodes each record ({@link ChangeEventDecoder}) and hands each event to the
 * listener (the application's {@code @EventListener}s), then writes the shard's checkpoint. One consumer per group
 * delivers, the holder of the group's lease ({@link FeedLease}); the others wait as standbys.
 * <p>
 * Delivery is at least once: a checkpoint is written after the listener returned for every event of a batch, so a
 * clean stop redelivers nothing and a crash at most the batch in flight. A listener that throws gets the same event
 * again with backoff; after {@link ChangeFeedOptions#maxAttempts()} failures the feed stops in state
 * {@link State#FAILED}, its position before that event, and gives up its lease (a standby, or a restart, resumes at
 * that event). No event is ever skipped.
 */
public final class PollingChangeFeed implements SmartLifecycle {

	private static final System.Logger logger = System.getLogger(PollingChangeFeed.class.getName());

	private static final long SHARD_REFRESH_NANOS = 60_000_000_000L;

	private static final int RECORDS_PER_READ = 1000;

	private static final int READS_PER_SHARD_AND_PASS = 10;

	/** What the feed is doing. */
	public enum State {

		/** not started, or stopped */
		STOPPED,

		/** running; another consumer of the group holds the lease */
		STANDBY,

		/** running and delivering */
		ACTIVE,

		/** stopped after a listener failed {@code maxAttempts} times on one event, or the stream is missing */
		FAILED
	}

	private final DynamoDbClient dynamo;

	private final DynamoDbStreamsClient streams;

	private final String tableName;

	private final ChangeEventDecoder decoder;

	private final Consumer<ChangeEvent<?>> listener;

	private final ChangeFeedOptions options;

	private final FeedStore store;

	private final FeedLease lease;

	private final DynaminiExceptionTranslator translator = new DynaminiExceptionTranslator();

	private final Object pause = new Object();

	private volatile boolean running;

	private volatile State state = State.STOPPED;

	private volatile @Nullable Throwable failure;

	private volatile @Nullable Thread thread;

	private volatile boolean crash;

	/**
	 * @param dynamo the client of the table (checkpoints and lease live there)
	 * @param streams a client of the same account and region's DynamoDB Streams
	 * @param tableName the dynamini table, with a stream of new images
	 * @param decoder turns records into events
	 * @param listener receives each event; an exception means "not delivered, try again"
	 */
	public PollingChangeFeed(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String tableName,
			ChangeEventDecoder decoder, Consumer<ChangeEvent<?>> listener, ChangeFeedOptions options) {
		this.dynamo = dynamo;
		this.streams = streams;
		this.tableName = tableName;
		this.decoder = decoder;
		this.listener = listener;
		this.options = options;
		this.store = new FeedStore(dynamo, tableName, options.group());
		this.lease = new FeedLease(store, options.leaseDuration(), System::nanoTime);
	}

	public ChangeFeedOptions options() {
		return options;
	}

	public State state() {
		return state;
	}

	/** @return why the feed is {@link State#FAILED}, if it is */
	public Optional<Throwable> failure() {
		return Optional.ofNullable(failure);
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		running = true;
		crash = false;
		failure = null;
		state = State.STANDBY;
		Thread worker = new Thread(this::run, "dynamini-changes-" + options.group());
		worker.setDaemon(true);
		thread = worker;
		worker.start();
	}

	/**
	 * Stops after the event in flight (its batch is checkpointed as far as delivered) and gives the lease up.
	 */
	@Override
	public void stop() {
		halt(false);
	}

	/** Stops like a crashed process: no checkpoint of the batch in flight, the lease kept until it expires. */
	void crash() {
		halt(true);
	}

	private void halt(boolean asCrash) {
		Thread worker;
		synchronized (this) {
			crash = asCrash;
			running = false;
			worker = thread;
		}
		synchronized (pause) {
			pause.notifyAll();
		}
		if (worker != null && worker != Thread.currentThread()) {
			try {
				worker.join(options.leaseDuration().toMillis() + 30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void run() {
		Term term = null;
		try {
			while (running) {
				try {
					if (!lease.hold()) {
						term = null;
						state = State.STANDBY;
						sleep(Math.min(options.pollInterval().toMillis(), options.leaseDuration().toMillis() / 3));
						continue;
					}
					if (term == null) {
						term = new Term();
					}
					state = State.ACTIVE;
					if (!term.pass()) {
						sleep(options.pollInterval().toMillis());
					}
				}
				catch (LeaseLost ex) {
					term = null;
				}
				catch (StreamMissing ex) {
					fail(ex);
					return;
				}
				catch (DeliveryFailed ex) {
					fail(ex);
					return;
				}
				catch (RuntimeException ex) {
					if (!running) {
						break;
					}
					logger.log(System.Logger.Level.WARNING, "Change feed '" + options.group()
							+ "' will retry after: " + ex.getMessage(), ex);
					term = null;
					sleep(options.pollInterval().toMillis());
				}
			}
		}
		finally {
			if (state != State.FAILED) {
				state = State.STOPPED;
			}
			if (crash) {
				lease.abandon();
			}
			else {
				releaseQuietly();
			}
		}
	}

	private void fail(RuntimeException ex) {
		failure = ex;
		state = State.FAILED;
		running = false;
		logger.log(System.Logger.Level.ERROR, "Change feed '" + options.group() + "' stopped: " + ex.getMessage(), ex);
	}

	private void releaseQuietly() {
		try {
			lease.release();
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Change feed '" + options.group()
					+ "' could not give its lease up; a standby takes over when it expires: " + ex.getMessage());
		}
	}

	private void sleep(long millis) {
		synchronized (pause) {
			if (!running) {
				return;
			}
			try {
				pause.wait(Math.max(1, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				running = false;
			}
		}
	}

	/**
	 * What one holding of the lease reads: the stream, its shards and where each stands.
	 */
	private final class Term {

		private final String streamArn;

		private final long firstStartMillis;

		private final Map<String, FeedStore.Checkpoint> checkpoints;

		private final Map<String, String> iterators = new HashMap<>();

		private Map<String, Shard> shards = Map.of();

		private long shardsReadAt;

		private boolean refresh = true;

		Term() {
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
				if (!running) {
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
			for (int reads = 0; reads < READS_PER_SHARD_AND_PASS && running; reads++) {
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
			if ((delivered > 0 || finished) && !crash) {
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
			for (int attempt = 1;; attempt++) {
				try {
					return decoder.decode(record);
				}
				catch (RuntimeException ex) {
					retryOrFail(attempt, ex, "the record " + record.dynamodb().sequenceNumber());
				}
			}
		}

		private boolean isAfterStart(ChangeEvent<?> event) {
			return options.startPosition() == StartPosition.TRIM_HORIZON
					|| event.instant().toEpochMilli() >= firstStartMillis;
		}

		/** @return whether the event was delivered; {@code false} when stopping or the lease is lost */
		private boolean deliver(ChangeEvent<?> event) {
			for (int attempt = 1;; attempt++) {
				if (!running || !lease.hold()) {
					return false;
				}
				try {
					listener.accept(event);
					return true;
				}
				catch (RuntimeException ex) {
					retryOrFail(attempt, ex, event.toString());
				}
			}
		}

		private void retryOrFail(int attempt, RuntimeException ex, String what) {
			if (attempt >= options.maxAttempts()) {
				throw new DeliveryFailed("Delivery of %s failed %d times; the feed stops before it: %s"
					.formatted(what, attempt, ex.getMessage()), ex);
			}
			logger.log(System.Logger.Level.WARNING, "Delivery of " + what + " failed (attempt " + attempt
					+ "), retrying: " + ex.getMessage());
			sleep(Math.min(5_000, 50L << Math.min(attempt, 7)));
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
	}

	private <R> R execute(String context, java.util.function.Supplier<R> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			DataAccessException translated = translator.translate(ex, "change feed '" + options.group() + "': " + context);
			throw translated != null ? translated : ex;
		}
	}

	/** The lease was lost, or the feed is stopping: deliver nothing more in this term. */
	private static final class LeaseLost extends RuntimeException {

		LeaseLost() {
			super(null, null, false, false);
		}
	}

	private static final class DeliveryFailed extends RuntimeException {

		DeliveryFailed(String message, Throwable cause) {
			super(message, cause);
		}
	}

	private static final class StreamMissing extends RuntimeException {

		StreamMissing(String message) {
			super(message);
		}
	}
}

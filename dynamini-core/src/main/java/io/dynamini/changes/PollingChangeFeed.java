package io.dynamini.changes;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.dynamini.lease.DynaminiLeases;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
public final class PollingChangeFeed implements ChangeFeed, ShardReader.Control {

	private static final System.Logger logger = System.getLogger(PollingChangeFeed.class.getName());

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
		this.lease = new FeedLease(new DynaminiLeases(dynamo, tableName, null), options.group(), options.leaseDuration());
	}

	public ChangeFeedOptions options() {
		return options;
	}

	public State state() {
		return state;
	}

	@Override
	public String group() {
		return options.group();
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("mode", "poll", "state", state.name());
	}

	/** @return why the feed is {@link State#FAILED}, if it is */
	@Override
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
		ShardReader term = null;
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
						term = new ShardReader(dynamo, streams, tableName, decoder, listener, options, store, lease, this);
					}
					state = State.ACTIVE;
					if (!term.pass()) {
						sleep(options.pollInterval().toMillis());
					}
				}
				catch (ShardReader.LeaseLost ex) {
					term = null;
				}
				catch (ShardReader.StreamMissing ex) {
					fail(ex);
					return;
				}
				catch (ShardReader.DeliveryFailed ex) {
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
		catch (VirtualMachineError fatal) {
			fail(fatal);
			throw fatal;
		}
		catch (Throwable unexpected) {
			// never end the thread silently: FAILED, the health indicator DOWN, the cause kept
			fail(unexpected);
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

	private void fail(Throwable ex) {
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

	@Override
	public boolean running() {
		return running;
	}

	@Override
	public boolean crashing() {
		return crash;
	}

	@Override
	public void pause(long millis) {
		sleep(millis);
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
}

package io.dynamini.changes.kcl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeEventDecoder;
import io.dynamini.changes.ChangeFeed;
import io.dynamini.changes.ChangeFeedOptions;
import io.dynamini.changes.StartPosition;
import io.dynamini.core.DynaminiExceptionTranslator;

import org.jspecify.annotations.Nullable;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * The change feed in {@code kcl} mode: every instance of a consumer group is a Kinesis Client Library worker; the
 * workers share the table stream's shards through the KCL's lease table, and each delivers the shards it holds. The
 * events, the listener and the guarantees are those of {@link io.dynamini.changes.PollingChangeFeed}: a batch is
 * checkpointed after the listener returned for each of its events, a throwing listener gets the same event again
 * with backoff, after {@code maxAttempts} failures that shard stops (its position before the event, the
 * {@link #failure()} present), and a shard is read only after its parent ended.
 * <p>
 * The group is a KCL application named {@link #applicationName(String, String) {table}-changes-{group}}: its lease
 * table has that name and is created by the KCL, as are its coordinator ({@code -CoordinatorState}) and worker
 * metrics ({@code -WorkerMetricStats}) tables.
 */
public final class KclChangeFeed implements ChangeFeed, AutoCloseable {

	private static final System.Logger logger = System.getLogger(KclChangeFeed.class.getName());

	private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

	private static final DynaminiExceptionTranslator translator = new DynaminiExceptionTranslator();

	private final DynamoDbClient dynamo;

	private final DynamoDbAsyncClient leaseClient;

	private final DynamoDbStreamsClient streams;

	private final CloudWatchAsyncClient cloudWatch;

	private final String tableName;

	private final ChangeEventDecoder decoder;

	private final Consumer<ChangeEvent<?>> listener;

	private final ChangeFeedOptions options;

	private final KclOptions kcl;

	private final String applicationName;

	private final Object pause = new Object();

	private final Set<String> held = ConcurrentHashMap.newKeySet();

	private final Map<String, Throwable> failedShards = new ConcurrentHashMap<>();

	private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();

	private volatile @Nullable Throwable failure;

	private volatile @Nullable Scheduler scheduler;

	private volatile boolean running;

	private volatile boolean aborted;

	/**
	 * @param dynamo the table's client (finds the table's stream)
	 * @param leaseClient the client of the KCL's lease, coordinator and worker metrics tables
	 * @param streams a client of the table's DynamoDB Streams
	 * @param cloudWatch where the KCL's metrics go, if {@link KclOptions#metricsLevel()} asks for any
	 * @param tableName the dynamini table, with a stream of new images
	 * @param decoder turns records into events
	 * @param listener receives each event; an exception means "not delivered, try again"
	 */
	public KclChangeFeed(DynamoDbClient dynamo, DynamoDbAsyncClient leaseClient, DynamoDbStreamsClient streams,
			CloudWatchAsyncClient cloudWatch, String tableName, ChangeEventDecoder decoder,
			Consumer<ChangeEvent<?>> listener, ChangeFeedOptions options, KclOptions kcl) {
		this.dynamo = dynamo;
		this.leaseClient = leaseClient;
		this.streams = streams;
		this.cloudWatch = cloudWatch;
		this.tableName = tableName;
		this.decoder = decoder;
		this.listener = listener;
		this.options = options;
		this.kcl = kcl;
		this.applicationName = applicationName(tableName, options.group());
	}

	/**
	 * @return the KCL application (and lease table) name of a consumer group of a table: {@code {table}-changes-{group}}
	 * @throws IllegalArgumentException naming the group when the name would not be a valid DynamoDB table name
	 */
	public static String applicationName(String tableName, String group) {
		String name = tableName + "-changes-" + group;
		if (!TABLE_NAME.matcher(group).matches() || name.length() + "-WorkerMetricStats".length() > 255) {
			throw new IllegalArgumentException("Consumer group '" + group + "' cannot name a KCL lease table ("
					+ name + "): in kcl mode a group may use only letters, digits, '_', '-' and '.', and the lease "
					+ "table's name (table-changes-group-WorkerMetricStats) at most 255 characters");
		}
		return name;
	}

	@Override
	public String group() {
		return options.group();
	}

	public ChangeFeedOptions options() {
		return options;
	}

	public KclOptions kclOptions() {
		return kcl;
	}

	/** @return the KCL application's name, which is also its lease table's */
	public String applicationName() {
		return applicationName;
	}

	/** @return the shards this worker delivers now */
	public Set<String> heldShards() {
		return Set.copyOf(held);
	}

	@Override
	public Optional<Throwable> failure() {
		Throwable stopped = failure;
		if (stopped != null) {
			return Optional.of(stopped);
		}
		return failedShards.values().stream().findFirst();
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("mode", "kcl");
		details.put("application", applicationName);
		details.put("worker", kcl.workerId());
		details.put("shards", new TreeSet<>(held));
		if (!failedShards.isEmpty()) {
			Map<String, String> failed = new TreeMap<>();
			failedShards.forEach((shard, ex) -> failed.put(shard, String.valueOf(ex.getMessage())));
			details.put("failedShards", failed);
		}
		return details;
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		failure = null;
		failedShards.clear();
		aborted = false;
		String streamArn = translator.execute("change feed '" + options.group() + "': description of table " + tableName,
				() -> dynamo.describeTable(r -> r.tableName(tableName)).table().latestStreamArn());
		if (streamArn == null) {
			failure = new IllegalStateException("Table " + tableName + " has no stream: enable it "
					+ "(dynamini.table.create=true with dynamini.changes.enabled=true does) before starting the change feed");
			logger.log(System.Logger.Level.ERROR, "Change feed '" + options.group() + "' stopped: "
					+ failure.getMessage());
			return;
		}
		Scheduler created = scheduler(streamArn);
		scheduler = created;
		running = true;
		Thread worker = new Thread(() -> {
			try {
				created.run();
			}
			catch (VirtualMachineError fatal) {
				throw fatal;
			}
			catch (Throwable unexpected) {
				failure = unexpected;
				logger.log(System.Logger.Level.ERROR, "Change feed '" + options.group() + "' stopped: "
						+ unexpected.getMessage(), unexpected);
			}
		}, "dynamini-kcl-" + options.group());
		worker.setDaemon(true);
		worker.start();
	}

	private Scheduler scheduler(String streamArn) {
		AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(streams,
				streams.serviceClientConfiguration().region());
		InitialPositionInStream position = options.startPosition() == StartPosition.LATEST
				? InitialPositionInStream.LATEST : InitialPositionInStream.TRIM_HORIZON;
		ConfigsBuilder configs = new ConfigsBuilder(
				StreamsSchedulerFactory.createSingleStreamTracker(streamArn,
						InitialPositionInStreamExtended.newInitialPosition(position)),
				applicationName, adapter, leaseClient, cloudWatch, kcl.workerId(), () -> new KclShardProcessor(this));
		DynamoDBStreamsPollingConfig polling = new DynamoDBStreamsPollingConfig(streamArn, adapter);
		polling.idleTimeBetweenReadsInMillis(options.pollInterval().toMillis());
		polling.maxRecords(kcl.maxRecords());
		RetrievalConfig retrieval = configs.retrievalConfig();
		retrieval.retrievalSpecificConfig(polling);
		// no idle minute after each shard sync: the adapter means to set this, but too late for its own factory;
		// the leader assigns expired leases every half lease duration (the KCL's default: every two), so that a
		// stopped worker's shards move within about two lease durations (docs/changes.md has the cost)
		LeaseManagementConfig leases = configs.leaseManagementConfig()
			.failoverTimeMillis(options.leaseDuration().toMillis())
			.leaseAssignmentIntervalMillis(Math.max(250L, options.leaseDuration().toMillis() / 2))
			.shardSyncIntervalMillis(0);
		CoordinatorConfig coordinator = configs.coordinatorConfig()
			.parentShardPollIntervalMillis(options.pollInterval().toMillis())
			.shardConsumerDispatchPollIntervalMillis(Math.min(1000L, options.pollInterval().toMillis()))
			.workerStateChangeListener(new WorkerStateChangeListener() {

				@Override
				public void onWorkerStateChange(WorkerState state) {
					logger.log(System.Logger.Level.DEBUG, "Change feed '" + options.group() + "': worker " + state);
				}

				@Override
				public void onAllInitializationAttemptsFailed(Throwable cause) {
					failure = cause;
				}
			});
		MetricsConfig metrics = configs.metricsConfig();
		if (kcl.metricsLevel() == MetricsLevel.NONE) {
			metrics.metricsFactory(new NullMetricsFactory());
		}
		else {
			metrics.metricsLevel(kcl.metricsLevel());
		}
		return StreamsSchedulerFactory.createScheduler(configs.checkpointConfig(), coordinator, leases,
				configs.lifecycleConfig(), metrics, configs.processorConfig(), retrieval, adapter);
	}

	/**
	 * Stops after the batches in flight (each checkpointed as far as delivered) and hands this worker's leases back,
	 * so that the group's other workers take its shards at once.
	 */
	@Override
	public void stop() {
		Scheduler stopping;
		synchronized (this) {
			stopping = scheduler;
			running = false;
			scheduler = null;
		}
		wake();
		if (stopping == null) {
			return;
		}
		try {
			if (stopping.startGracefulShutdown().get(options.leaseDuration().toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.log(System.Logger.Level.WARNING, "Change feed '" + options.group()
					+ "' did not stop gracefully; its leases expire for the other workers: " + ex.getMessage());
		}
		finally {
			held.clear();
		}
		stopping.shutdown();
	}

	/**
	 * Stops at once, as a crashed worker would: the batches in flight are not checkpointed and the leases are not
	 * handed back; the group's other workers take the shards when the leases expire, and redeliver what was not
	 * checkpointed. For failover drills.
	 */
	public void abort() {
		Scheduler stopping;
		synchronized (this) {
			aborted = true;
			stopping = scheduler;
			running = false;
			scheduler = null;
		}
		wake();
		if (stopping != null) {
			stopping.shutdown();
		}
		held.clear();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * Makes {@link #close()} close the given clients too (those made for this feed alone).
	 * @return this feed
	 */
	public KclChangeFeed owning(AutoCloseable... clients) {
		owned.addAll(List.of(clients));
		return this;
	}

	/** Stops the feed and closes the clients it {@linkplain #owning(AutoCloseable...) owns}. */
	@Override
	public void close() {
		stop();
		for (AutoCloseable client : owned) {
			try {
				client.close();
			}
			catch (Exception ex) {
				logger.log(System.Logger.Level.WARNING, "Closing a client of change feed '" + options.group()
						+ "' failed: " + ex.getMessage());
			}
		}
		owned.clear();
	}

	ChangeEventDecoder decoder() {
		return decoder;
	}

	Consumer<ChangeEvent<?>> listener() {
		return listener;
	}

	boolean delivering() {
		return running && !aborted;
	}

	boolean aborted() {
		return aborted;
	}

	void holding(String shardId) {
		held.add(shardId);
	}

	void released(String shardId) {
		held.remove(shardId);
	}

	void shardFailed(String shardId, Throwable cause) {
		failedShards.put(shardId, cause);
		logger.log(System.Logger.Level.ERROR, "Change feed '" + options.group() + "': shard " + shardId
				+ " stopped: " + cause.getMessage(), cause);
	}

	void pause(long millis) {
		synchronized (pause) {
			if (!delivering()) {
				return;
			}
			try {
				pause.wait(Math.max(1, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void wake() {
		synchronized (pause) {
			pause.notifyAll();
		}
	}
}

package io.dynamini.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.dynamini.embedded.faults.FaultRules;
import io.dynamini.embedded.operations.Operations;
import io.dynamini.embedded.protocol.HttpFront;
import io.dynamini.embedded.protocol.InProcessHttpClient;
import io.dynamini.embedded.storage.FolderStorage;
import io.dynamini.embedded.storage.Storage;
import io.dynamini.embedded.streams.StreamLog;
import io.dynamini.embedded.streams.StreamSettings;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.ttl.TimeToLiveSweeper;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.http.SdkHttpClient;

/**
 * dynamini's own DynamoDB engine, in this JVM: pure Java, in memory or on a data folder, served on loopback HTTP
 * ({@link #getEndpoint()}) and to an SDK client in-process ({@link #httpClient()}). It follows DynamoDB's documented
 * behaviour (expressions, limits, transactions, streams, TTL, capacity; docs/engine.md lists what differs) and injects
 * faults on demand ({@link #faults()}). It serves development, tests and local runs on one machine; production runs
 * on Amazon DynamoDB. Usable without Spring: {@code try (var engine = new EmbeddedDynamoDb(null)) { ... }}.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(EmbeddedDynamoDb.class.getName());

	private final Database database;

	private final Operations operations;

	private final FaultRules faultRules;

	private final Faults faults;

	private final @Nullable HttpFront http;

	private final TimeToLiveSweeper sweeper;

	private final @Nullable ScheduledExecutorService background;

	private final Storage storage;

	/**
	 * Starts the engine on a free loopback port.
	 *
	 * @param path folder for the engine's data, or {@code null} to keep it in memory
	 */
	public EmbeddedDynamoDb(@Nullable Path path) {
		this(builder().path(path));
	}

	private EmbeddedDynamoDb(Builder builder) {
		long started = System.nanoTime();
		this.storage = builder.path == null ? Storage.NONE : FolderStorage.open(builder.path);
		this.database = new Database(builder.clock, builder.streamSettings(), storage, builder.region, "000000000000");
		if (storage instanceof FolderStorage folder) {
			folder.load(database);
		}
		this.faultRules = new FaultRules(builder.seed);
		this.faults = new Faults(faultRules, database);
		this.operations = new Operations(database, faultRules);
		this.sweeper = new TimeToLiveSweeper(database);
		try {
			this.http = builder.http ? new HttpFront(operations, InetAddress.getLoopbackAddress(), builder.port) : null;
		}
		catch (IOException ex) {
			storage.close();
			throw new UncheckedIOException("Could not start the embedded DynamoDB engine on port " + builder.port, ex);
		}
		if (builder.timeToLiveSweepInterval != null && !builder.timeToLiveSweepInterval.isZero()) {
			this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
				Thread thread = new Thread(runnable, "dynamini-embedded-ttl");
				thread.setDaemon(true);
				return thread;
			});
			long every = builder.timeToLiveSweepInterval.toMillis();
			background.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
		}
		else {
			this.background = null;
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		logger.log(System.Logger.Level.INFO, () -> "dynamini embedded DynamoDB engine (for development and tests; production "
				+ "runs on Amazon DynamoDB) started in " + millis + " ms" + (http == null ? ", in-process only" : ", listening on "
						+ getEndpoint()) + (builder.path == null ? " (in memory)" : " (data in " + builder.path.toAbsolutePath() + ")"));
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return the engine's HTTP endpoint on the loopback interface
	 * @throws IllegalStateException if the engine was built without HTTP
	 */
	public URI getEndpoint() {
		if (http == null) {
			throw new IllegalStateException("This engine was built without HTTP; use httpClient()");
		}
		return URI.create("http://127.0.0.1:" + http.port());
	}

	/**
	 * @return an SDK HTTP client that reaches this engine in-process, without a socket (for
	 * {@code DynamoDbClient.builder().httpClient(engine.httpClient())}; any endpoint and credentials do)
	 */
	public SdkHttpClient httpClient() {
		return new InProcessHttpClient(operations);
	}

	/** @return the fault plan of this engine */
	public Faults faults() {
		return faults;
	}

	/**
	 * Runs DynamoDB's TTL deletion now: every item whose TTL attribute has passed is deleted, with its stream record.
	 *
	 * @return how many items were deleted
	 */
	public int sweepTimeToLive() {
		return sweeper.sweep();
	}

	/** Rolls every active shard of the table's stream over into a child shard now. */
	public void rollOverStream(String tableName) {
		database.atomically(() -> {
			Table table = database.require(tableName);
			StreamLog stream = table.stream();
			if (stream == null) {
				throw new IllegalArgumentException("Table " + tableName + " has no stream");
			}
			stream.rollOver(database.nowMillis());
			return null;
		});
	}

	private void sweepQuietly() {
		try {
			sweeper.sweep();
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "TTL sweep failed: " + ex.getMessage(), ex);
		}
	}

	/** Stops the engine; a Spring bean of this type is closed with its context. */
	@Override
	public void close() {
		if (background != null) {
			background.shutdownNow();
		}
		if (http != null) {
			http.close();
		}
		database.atomically(() -> {
			storage.close();
			return null;
		});
	}

	/** Settings of an engine; {@link #start()} starts it. */
	public static final class Builder {

		private @Nullable Path path;

		private int port;

		private boolean http = true;

		private Clock clock = Clock.systemUTC();

		private int streamShards = 1;

		private int streamRolloverRecords;

		private @Nullable Duration streamRolloverAfter;

		private Duration streamRetention = Duration.ofHours(24);

		private @Nullable Duration timeToLiveSweepInterval = Duration.ofSeconds(30);

		private String region = "us-east-1";

		private long seed = 42;

		private Builder() {
		}

		/** The data folder ({@code null}, the default: in memory). */
		public Builder path(@Nullable Path path) {
			this.path = path;
			return this;
		}

		/** The loopback port ({@code 0}, the default: a free one). */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be 0..65535, not " + port);
			}
			this.port = port;
			return this;
		}

		/** Whether to serve HTTP (default {@code true}); without it, only {@link #httpClient()} reaches the engine. */
		public Builder http(boolean enabled) {
			this.http = enabled;
			return this;
		}

		/** The clock of TTL, streams and iterators (default: the system clock). */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/** Active shards per stream (default 1); all records of one item go to one shard. */
		public Builder streamShards(int shards) {
			this.streamShards = shards;
			return this;
		}

		/** Roll a shard over after this many records (default 0: never by count). */
		public Builder streamRolloverRecords(int records) {
			this.streamRolloverRecords = records;
			return this;
		}

		/** Roll shards over once they are this old ({@code null}, the default: never by age). */
		public Builder streamRolloverAfter(@Nullable Duration age) {
			this.streamRolloverAfter = age;
			return this;
		}

		/** How long stream records are kept (default 24 hours). */
		public Builder streamRetention(Duration retention) {
			this.streamRetention = retention;
			return this;
		}

		/** How often TTL deletion runs (default 30 s; {@code null} or zero: only by {@link #sweepTimeToLive()}). */
		public Builder timeToLiveSweepInterval(@Nullable Duration interval) {
			this.timeToLiveSweepInterval = interval;
			return this;
		}

		/** The region in ARNs and stream records (default {@code us-east-1}). */
		public Builder region(String region) {
			this.region = region;
			return this;
		}

		/** The seed of fault probabilities (default 42). */
		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		StreamSettings streamSettings() {
			return new StreamSettings(streamShards, streamRolloverRecords, streamRolloverAfter, streamRetention);
		}

		public EmbeddedDynamoDb start() {
			return new EmbeddedDynamoDb(this);
		}
	}
}

package io.dynamini.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of dynamini's DynamoDB client, its single table and the embedded engine, under the {@code dynamini}
 * prefix. A bad value fails startup with a message naming the property.
 */
@ConfigurationProperties("dynamini")
public class DynaminiProperties {

	/**
	 * Whether reads are strongly consistent where DynamoDB allows it (GetItem, Query on the table); false halves
	 * the read cost.
	 */
	private boolean consistentRead = true;

	/**
	 * AWS region of the DynamoDB endpoint; defaults to the SDK's region provider chain (us-east-1 for the embedded
	 * engine or an endpoint override).
	 */
	private @Nullable String region;

	/**
	 * Endpoint override, for another DynamoDB-compatible engine (the embedded engine's server, for example).
	 */
	private @Nullable String endpoint;

	private final Table table = new Table();

	private final Retry retry = new Retry();

	private final Embedded embedded = new Embedded();

	private final Repositories repositories = new Repositories();

	private final Changes changes = new Changes();

	private final Observations observations = new Observations();

	private final History history = new History();

	public boolean isConsistentRead() {
		return consistentRead;
	}

	public void setConsistentRead(boolean consistentRead) {
		this.consistentRead = consistentRead;
	}

	public @Nullable String getRegion() {
		return region;
	}

	public void setRegion(@Nullable String region) {
		this.region = region;
	}

	public @Nullable String getEndpoint() {
		return endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		if (endpoint != null && !endpoint.isBlank() && !endpoint.matches("(?i)https?://.+")) {
			throw new IllegalArgumentException(
					"dynamini.endpoint must be an http:// or https:// URL, was '" + endpoint + "'");
		}
		this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint;
	}

	public Table getTable() {
		return table;
	}

	public Retry getRetry() {
		return retry;
	}

	public Embedded getEmbedded() {
		return embedded;
	}

	public Changes getChanges() {
		return changes;
	}

	public Observations getObservations() {
		return observations;
	}

	public Repositories getRepositories() {
		return repositories;
	}

	public History getHistory() {
		return history;
	}

	/**
	 * How long entity types that declare no retention in @VersionedEntity keep superseded revisions. Dropped
	 * revisions are invisible at once and deleted by DynamoDB's TTL later; the current revision is always kept.
	 */
	public static class History {

		/**
		 * How long a revision stays readable after a newer one superseded it (e.g. 90d). Not set: no time limit.
		 */
		private @Nullable Duration retain;

		/**
		 * How many of the newest revisions stay readable, the current one included. Not set: no count limit. With
		 * retain as well, a revision is kept while either keeps it.
		 */
		private @Nullable Integer keepRevisions;

		public @Nullable Duration getRetain() {
			return retain;
		}

		public void setRetain(@Nullable Duration retain) {
			this.retain = retain;
		}

		public @Nullable Integer getKeepRevisions() {
			return keepRevisions;
		}

		public void setKeepRevisions(@Nullable Integer keepRevisions) {
			this.keepRevisions = keepRevisions;
		}
	}

	/**
	 * How a table is billed.
	 */
	public enum BillingMode {

		/** On-demand capacity: pay per request. */
		PAY_PER_REQUEST,

		/** Provisioned read and write capacity units. */
		PROVISIONED
	}

	/**
	 * The single table.
	 */
	public static class Table {

		/**
		 * Name of the one table that holds every entity type and tenant.
		 */
		private String name = "dynamini";

		/**
		 * Whether to create the table, with its indexes, when it is missing; an existing table is always validated.
		 */
		private boolean create = true;

		/**
		 * Billing mode of a created table: pay-per-request or provisioned.
		 */
		private BillingMode billingMode = BillingMode.PAY_PER_REQUEST;

		/**
		 * Read capacity units of a created provisioned table and of each of its global secondary indexes.
		 */
		private long readCapacityUnits = 1;

		/**
		 * Write capacity units of a created provisioned table and of each of its global secondary indexes.
		 */
		private long writeCapacityUnits = 1;

		/**
		 * For pay-per-request: the most read request units per second the table and each of its indexes may use
		 * (DynamoDB's on-demand maximum throughput), set at creation. Not set: no maximum.
		 */
		private @Nullable Long maxReadRequestUnits;

		/**
		 * For pay-per-request: the most write request units per second, as max-read-request-units.
		 */
		private @Nullable Long maxWriteRequestUnits;

		private final AutoScaling autoScaling = new AutoScaling();

		public @Nullable Long getMaxReadRequestUnits() {
			return maxReadRequestUnits;
		}

		public void setMaxReadRequestUnits(@Nullable Long maxReadRequestUnits) {
			this.maxReadRequestUnits = maxReadRequestUnits;
		}

		public @Nullable Long getMaxWriteRequestUnits() {
			return maxWriteRequestUnits;
		}

		public void setMaxWriteRequestUnits(@Nullable Long maxWriteRequestUnits) {
			this.maxWriteRequestUnits = maxWriteRequestUnits;
		}

		public AutoScaling getAutoScaling() {
			return autoScaling;
		}

		public String getName() {
			return name;
		}

		public void setName(String name) {
			if (name == null || !name.matches("[a-zA-Z0-9_.-]{3,255}")) {
				throw new IllegalArgumentException("dynamini.table.name must be 3 to 255 characters of a-z, A-Z, "
						+ "0-9, '_', '-' and '.', was '" + name + "'");
			}
			this.name = name;
		}

		public boolean isCreate() {
			return create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public BillingMode getBillingMode() {
			return billingMode;
		}

		public void setBillingMode(BillingMode billingMode) {
			this.billingMode = billingMode;
		}

		public long getReadCapacityUnits() {
			return readCapacityUnits;
		}

		public void setReadCapacityUnits(long readCapacityUnits) {
			if (readCapacityUnits < 1) {
				throw new IllegalArgumentException(
						"dynamini.table.read-capacity-units must be at least 1, was " + readCapacityUnits);
			}
			this.readCapacityUnits = readCapacityUnits;
		}

		public long getWriteCapacityUnits() {
			return writeCapacityUnits;
		}

		public void setWriteCapacityUnits(long writeCapacityUnits) {
			if (writeCapacityUnits < 1) {
				throw new IllegalArgumentException(
						"dynamini.table.write-capacity-units must be at least 1, was " + writeCapacityUnits);
			}
			this.writeCapacityUnits = writeCapacityUnits;
		}
	}

	/**
	 * Auto scaling of a provisioned table and its global secondary indexes (Application Auto Scaling target tracking).
	 */
	public static class AutoScaling {

		/**
		 * Whether to register scalable targets and target-tracking policies for the table and each global index at
		 * startup (billing-mode=provisioned only).
		 */
		private boolean enabled;

		/** Least read capacity units of the table and of each index. */
		private long minReadCapacity = 1;

		/** Most read capacity units of the table and of each index. */
		private long maxReadCapacity = 10;

		/** Least write capacity units of the table and of each index. */
		private long minWriteCapacity = 1;

		/** Most write capacity units of the table and of each index. */
		private long maxWriteCapacity = 10;

		/** Consumed capacity to keep, in percent of the provisioned capacity (20 to 90). */
		private double targetUtilization = 70;

		/**
		 * Endpoint of the Application Auto Scaling API; by default the region's. For VPC endpoints and tests.
		 */
		private @Nullable URI endpoint;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMinReadCapacity() {
			return minReadCapacity;
		}

		public void setMinReadCapacity(long minReadCapacity) {
			this.minReadCapacity = minReadCapacity;
		}

		public long getMaxReadCapacity() {
			return maxReadCapacity;
		}

		public void setMaxReadCapacity(long maxReadCapacity) {
			this.maxReadCapacity = maxReadCapacity;
		}

		public long getMinWriteCapacity() {
			return minWriteCapacity;
		}

		public void setMinWriteCapacity(long minWriteCapacity) {
			this.minWriteCapacity = minWriteCapacity;
		}

		public long getMaxWriteCapacity() {
			return maxWriteCapacity;
		}

		public void setMaxWriteCapacity(long maxWriteCapacity) {
			this.maxWriteCapacity = maxWriteCapacity;
		}

		public double getTargetUtilization() {
			return targetUtilization;
		}

		public void setTargetUtilization(double targetUtilization) {
			this.targetUtilization = targetUtilization;
		}

		public @Nullable URI getEndpoint() {
			return endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}
	}

	/**
	 * Retries of retryable errors and throttling by the SDK client.
	 */
	public static class Retry {

		/**
		 * Base delay of the exponential backoff (with jitter) between attempts.
		 */
		private Duration baseDelay = Duration.ofMillis(50);

		/**
		 * Maximum attempts per request, the first included; defaults to the SDK's standard retry strategy.
		 */
		private @Nullable Integer maxAttempts;

		public Duration getBaseDelay() {
			return baseDelay;
		}

		public void setBaseDelay(Duration baseDelay) {
			if (baseDelay == null || baseDelay.isNegative() || baseDelay.isZero()) {
				throw new IllegalArgumentException("dynamini.retry.base-delay must be positive, was " + baseDelay);
			}
			this.baseDelay = baseDelay;
		}

		public @Nullable Integer getMaxAttempts() {
			return maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			if (maxAttempts != null && maxAttempts < 1) {
				throw new IllegalArgumentException("dynamini.retry.max-attempts must be at least 1, was " + maxAttempts);
			}
			this.maxAttempts = maxAttempts;
		}
	}

	/**
	 * The embedded DynamoDB engine (io.dynamini:dynamini-embedded, an optional dependency).
	 */
	public static class Embedded {

		/**
		 * Whether to start the embedded engine (dynamini's own, in-process on a random loopback port) and connect to
		 * it. When not set: on if io.dynamini:dynamini-embedded is on the class path and dynamini.endpoint is not set,
		 * as Spring Boot starts an embedded database; keep dynamini-embedded out of production builds (test scope or a
		 * profile) or set this to false there.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Folder where the embedded engine keeps its data across restarts; in memory when not set.
		 */
		private @Nullable String path;

		public @Nullable Boolean getEnabled() {
			return enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getPath() {
			return path;
		}

		public void setPath(@Nullable String path) {
			this.path = path == null || path.isBlank() ? null : path;
		}
	}

	/**
	 * Repository scanning.
	 */
	public static class Repositories {

		/**
		 * Whether to enable dynamini repositories found in the application's packages.
		 */
		private boolean enabled = true;

		public @Nullable Boolean getEnabled() {
			return enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}
	}

	/**
	 * Observations of dynamini's operations and DynamoDB requests (with an ObservationRegistry, as Actuator gives).
	 */
	public static class Observations {

		/**
		 * Whether to record a dynamini.operation observation per repository or template call and a dynamini.request
		 * per DynamoDB request, when the application has an ObservationRegistry.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}
	}

	/**
	 * The change feed: every revision as a Spring application event, read from the table's DynamoDB stream.
	 */
	public static class Changes {

		/**
		 * Whether to publish every revision as a ChangeEvent. Gives the table a stream of new images (at creation, or
		 * on an existing table when dynamini.table.create=true).
		 */
		private boolean enabled;

		/**
		 * Consumer group: instances of one group share one position and deliver each change once between them.
		 * Defaults to spring.application.name, else "default".
		 */
		private @Nullable String consumerGroup;

		/**
		 * How the stream is read: "poll" (one active consumer per group, a standby takes over) or "kcl" (shards
		 * shared between instances by the Kinesis Client Library).
		 */
		private Mode mode = Mode.POLL;

		/**
		 * Pause after a poll that found no new records.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * Where a consumer group that never ran starts: "trim-horizon" (everything the stream still holds, 24 hours)
		 * or "latest" (changes from the group's first start on). A group that ran resumes from its checkpoints.
		 */
		private StartPosition startPosition = StartPosition.TRIM_HORIZON;

		/**
		 * How long the active consumer's lease lasts without renewal; a standby takes over after observing it
		 * unchanged this long on its own clock.
		 */
		private Duration leaseDuration = Duration.ofSeconds(10);

		/**
		 * Deliveries of one event to a throwing listener before the feed stops (health DOWN) with its position
		 * before that event.
		 */
		private int maxAttempts = 10;

		/**
		 * What kcl mode adds.
		 */
		private final Kcl kcl = new Kcl();

		public Kcl getKcl() {
			return kcl;
		}

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getConsumerGroup() {
			return consumerGroup;
		}

		public void setConsumerGroup(@Nullable String consumerGroup) {
			this.consumerGroup = consumerGroup;
		}

		public Mode getMode() {
			return mode;
		}

		public void setMode(Mode mode) {
			this.mode = mode;
		}

		public Duration getPollInterval() {
			return pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public StartPosition getStartPosition() {
			return startPosition;
		}

		public void setStartPosition(StartPosition startPosition) {
			this.startPosition = startPosition;
		}

		public Duration getLeaseDuration() {
			return leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public int getMaxAttempts() {
			return maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		/**
		 * The change feed in kcl mode: the Kinesis Client Library shares the stream's shards between the instances
		 * of a consumer group (lease table {table}-changes-{group}, created by the KCL).
		 */
		public static class Kcl {

			/**
			 * The KCL's CloudWatch metrics: "none" (none are sent), "summary" or "detailed".
			 */
			private MetricsLevel metricsLevel = MetricsLevel.NONE;

			/**
			 * This instance's worker name in the group's lease table; unique per running instance. Defaults to the
			 * host name and a random suffix.
			 */
			private @Nullable String workerId;

			/**
			 * Stream records per GetRecords call (1 to 1000): the largest batch a worker delivers before it
			 * checkpoints.
			 */
			private int maxRecords = 1000;

			public MetricsLevel getMetricsLevel() {
				return metricsLevel;
			}

			public void setMetricsLevel(MetricsLevel metricsLevel) {
				this.metricsLevel = metricsLevel;
			}

			public @Nullable String getWorkerId() {
				return workerId;
			}

			public void setWorkerId(@Nullable String workerId) {
				this.workerId = workerId;
			}

			public int getMaxRecords() {
				return maxRecords;
			}

			public void setMaxRecords(int maxRecords) {
				this.maxRecords = maxRecords;
			}

			/** The KCL's metrics levels. */
			public enum MetricsLevel {

				/** no metrics */
				NONE,

				/** the KCL's summary metrics */
				SUMMARY,

				/** every metric the KCL has */
				DETAILED
			}
		}

		/** How the change feed reads the stream. */
		public enum Mode {

			/** one thread per application, one active consumer per group */
			POLL,

			/** the Kinesis Client Library with the DynamoDB Streams adapter */
			KCL
		}

		/** Where a new consumer group starts. */
		public enum StartPosition {

			/** the oldest record the stream holds */
			TRIM_HORIZON,

			/** the group's first start */
			LATEST
		}
	}
}

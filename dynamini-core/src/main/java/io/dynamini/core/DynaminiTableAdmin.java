package io.dynamini.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.dynamini.core.mapping.IndexDefinition;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Administers the single table: creates it with the key schema and indexes dynamini needs, waits until it is
 * active, and validates an existing table so that a mismatch fails fast instead of corrupting data.
 */
public final class DynaminiTableAdmin {

	private static final StreamSpecification NEW_IMAGES = StreamSpecification.builder()
		.streamEnabled(true)
		.streamViewType(StreamViewType.NEW_IMAGE)
		.build();

	private final SdkExecutor executor;

	public DynaminiTableAdmin(DynamoDbClient client) {
		Assert.notNull(client, "client must not be null");
		this.executor = new SdkExecutor(client, new DynaminiExceptionTranslator());
	}

	/**
	 * @return the table's description, or empty if it does not exist
	 */
	public Optional<TableDescription> describe(String tableName) {
		Assert.hasText(tableName, "tableName must not be empty");
		return execute("describe table " + tableName, dynamo -> {
			try {
				return Optional.of(dynamo.describeTable(request -> request.tableName(tableName)).table());
			}
			catch (ResourceNotFoundException missing) {
				return Optional.empty();
			}
		});
	}

	/**
	 * Creates the table when it is missing and validates it when present.
	 *
	 * @return whether the table was created
	 * @throws InvalidDataAccessResourceUsageException if an existing table does not fit dynamini
	 */
	public boolean createIfMissing(String tableName, TableCapacity capacity) {
		Optional<TableDescription> existing = describe(tableName);
		if (existing.isPresent()) {
			validate(existing.get());
			waitUntilActive(tableName);
			return false;
		}
		createTable(tableName, capacity);
		return true;
	}

	/**
	 * Creates the table with its indexes and waits until it is active.
	 */
	public void createTable(String tableName, TableCapacity capacity) {
		createTable(tableName, capacity, false);
	}

	/**
	 * Creates the table with its indexes, with a stream of new images when {@code stream} (the change feed reads
	 * it), and waits until it is active.
	 */
	public void createTable(String tableName, TableCapacity capacity, boolean stream) {
		Assert.hasText(tableName, "tableName must not be empty");
		Assert.notNull(capacity, "capacity must not be null");
		boolean provisioned = capacity.billingMode() == BillingMode.PROVISIONED;
		ProvisionedThroughput throughput = provisioned ? ProvisionedThroughput.builder()
			.readCapacityUnits(capacity.readCapacityUnits())
			.writeCapacityUnits(capacity.writeCapacityUnits())
			.build() : null;
		List<AttributeDefinition> attributes = new ArrayList<>(List.of(string(TableLayout.PARTITION_KEY),
				string(TableLayout.SORT_KEY),
				AttributeDefinition.builder().attributeName(TableLayout.REVISION).attributeType(ScalarAttributeType.N).build(),
				string(TableLayout.TYPE_PARTITION_KEY), string(TableLayout.TYPE_SORT_KEY)));
		List<GlobalSecondaryIndex> indexes = new ArrayList<>();
		indexes.add(globalIndex(TableLayout.TYPE_INDEX, TableLayout.TYPE_PARTITION_KEY, TableLayout.TYPE_SORT_KEY,
				throughput, capacity.onDemandThroughput()));
		for (int slot = 1; slot <= IndexDefinition.MAX_SLOTS; slot++) {
			attributes.add(string(TableLayout.genericPartitionKey(slot)));
			attributes.add(string(TableLayout.genericSortKey(slot)));
			indexes.add(globalIndex(TableLayout.genericIndex(slot), TableLayout.genericPartitionKey(slot),
					TableLayout.genericSortKey(slot), throughput, capacity.onDemandThroughput()));
		}
		CreateTableRequest.Builder request = CreateTableRequest.builder()
			.tableName(tableName)
			.billingMode(capacity.billingMode())
			.attributeDefinitions(attributes)
			.keySchema(key(TableLayout.PARTITION_KEY, KeyType.HASH), key(TableLayout.SORT_KEY, KeyType.RANGE))
			.localSecondaryIndexes(LocalSecondaryIndex.builder()
				.indexName(TableLayout.REVISION_INDEX)
				.keySchema(key(TableLayout.PARTITION_KEY, KeyType.HASH), key(TableLayout.REVISION, KeyType.RANGE))
				// keys only: an item and its local index entries must fit DynamoDB's 400 KB together
				.projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
				.build())
			.globalSecondaryIndexes(indexes);
		if (provisioned) {
			request.provisionedThroughput(throughput);
		}
		if (capacity.hasMaximumThroughput()) {
			request.onDemandThroughput(capacity.onDemandThroughput());
		}
		if (stream) {
			request.streamSpecification(NEW_IMAGES);
		}
		execute("create table " + tableName, dynamo -> dynamo.createTable(request.build()));
		waitUntilActive(tableName);
		enableTimeToLive(tableName);
	}

	/**
	 * @return whether DynamoDB's TTL is enabled (or being enabled) on the table's {@link TableLayout#TIME_TO_LIVE}
	 * attribute, which history retention and {@code @ExpiresAt} need for DynamoDB to delete what they drop
	 */
	public boolean hasTimeToLive(String tableName) {
		return isOnOurAttribute(describeTimeToLive(tableName));
	}

	private @Nullable TimeToLiveDescription describeTimeToLive(String tableName) {
		return execute("describe the TTL of table " + tableName,
				dynamo -> dynamo.describeTimeToLive(request -> request.tableName(tableName)).timeToLiveDescription());
	}

	private static boolean isOnOurAttribute(@Nullable TimeToLiveDescription ttl) {
		return ttl != null && TableLayout.TIME_TO_LIVE.equals(ttl.attributeName())
				&& (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
						|| ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
	}

	/**
	 * Enables DynamoDB's TTL on the table's {@link TableLayout#TIME_TO_LIVE} attribute, unless it is.
	 *
	 * @throws InvalidDataAccessResourceUsageException if the table's TTL is on another attribute (a table has one)
	 */
	public void enableTimeToLive(String tableName) {
		TimeToLiveDescription ttl = describeTimeToLive(tableName);
		if (ttl != null && ttl.attributeName() != null && !TableLayout.TIME_TO_LIVE.equals(ttl.attributeName())
				&& ttl.timeToLiveStatus() != TimeToLiveStatus.DISABLED) {
			throw new InvalidDataAccessResourceUsageException(("Table %s has DynamoDB TTL on attribute '%s'; dynamini "
					+ "needs it on '%s' and a table has one TTL attribute: disable it first")
				.formatted(tableName, ttl.attributeName(), TableLayout.TIME_TO_LIVE));
		}
		if (isOnOurAttribute(ttl)) {
			return;
		}
		execute("enable the TTL of table " + tableName, dynamo -> dynamo.updateTimeToLive(request -> request
			.tableName(tableName)
			.timeToLiveSpecification(spec -> spec.attributeName(TableLayout.TIME_TO_LIVE).enabled(true))));
	}

	private static GlobalSecondaryIndex globalIndex(String name, String partitionKey, String sortKey,
			ProvisionedThroughput throughput, @Nullable OnDemandThroughput onDemand) {
		return GlobalSecondaryIndex.builder()
			.indexName(name)
			.keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
			.projection(Projection.builder().projectionType(ProjectionType.ALL).build())
			.provisionedThroughput(throughput)
			.onDemandThroughput(onDemand)
			.build();
	}

	/**
	 * @return whether the table has a stream carrying new images, which the change feed needs
	 */
	public static boolean hasStreamOfNewImages(TableDescription table) {
		StreamSpecification stream = table.streamSpecification();
		return stream != null && Boolean.TRUE.equals(stream.streamEnabled())
				&& (stream.streamViewType() == StreamViewType.NEW_IMAGE
						|| stream.streamViewType() == StreamViewType.NEW_AND_OLD_IMAGES);
	}

	/**
	 * Gives an existing table a stream of new images and waits until it is active again.
	 *
	 * @throws InvalidDataAccessResourceUsageException if the table has a stream of another view type (DynamoDB
	 * cannot change it in place; disabling it would lose its records, which is the operator's decision)
	 */
	public void enableStream(String tableName) {
		TableDescription table = describe(tableName)
			.orElseThrow(() -> new InvalidDataAccessResourceUsageException("Table " + tableName + " does not exist"));
		if (hasStreamOfNewImages(table)) {
			return;
		}
		StreamSpecification current = table.streamSpecification();
		if (current != null && Boolean.TRUE.equals(current.streamEnabled())) {
			throw new InvalidDataAccessResourceUsageException(("Table %s has a stream of %s; the change feed needs "
					+ "NEW_IMAGE or NEW_AND_OLD_IMAGES. DynamoDB cannot change a stream's view type: disable the "
					+ "stream, then start again").formatted(tableName, current.streamViewType()));
		}
		execute("enable the stream of table " + tableName,
				dynamo -> dynamo.updateTable(request -> request.tableName(tableName).streamSpecification(NEW_IMAGES)));
		waitUntilActive(tableName);
	}

	/**
	 * Waits until the table exists and is active.
	 */
	public void waitUntilActive(String tableName) {
		execute("wait for table " + tableName, dynamo -> dynamo.waiter()
			.waitUntilTableExists(request -> request.tableName(tableName),
					config -> config.waitTimeout(Duration.ofMinutes(5))));
	}

	/**
	 * Checks that a table has the key schema and indexes dynamini writes to.
	 *
	 * @throws InvalidDataAccessResourceUsageException naming every mismatch
	 */
	public void validate(TableDescription table) {
		List<String> problems = new ArrayList<>();
		if (!hasKeys(table.keySchema(), TableLayout.PARTITION_KEY, TableLayout.SORT_KEY)) {
			problems.add("its key schema must be %s (HASH, S) and %s (RANGE, S) but is %s".formatted(
					TableLayout.PARTITION_KEY, TableLayout.SORT_KEY, describeKeys(table.keySchema())));
		}
		checkType(table, TableLayout.PARTITION_KEY, ScalarAttributeType.S, problems);
		checkType(table, TableLayout.SORT_KEY, ScalarAttributeType.S, problems);
		LocalSecondaryIndexDescription lsi = table.localSecondaryIndexes().stream()
			.filter(index -> index.indexName().equals(TableLayout.REVISION_INDEX))
			.findFirst()
			.orElse(null);
		if (lsi == null || !hasKeys(lsi.keySchema(), TableLayout.PARTITION_KEY, TableLayout.REVISION)) {
			problems.add("it needs the local secondary index %s on (%s, %s)"
				.formatted(TableLayout.REVISION_INDEX, TableLayout.PARTITION_KEY, TableLayout.REVISION));
		}
		else {
			checkType(table, TableLayout.REVISION, ScalarAttributeType.N, problems);
		}
		checkGlobalIndex(table, TableLayout.TYPE_INDEX, TableLayout.TYPE_PARTITION_KEY, TableLayout.TYPE_SORT_KEY,
				problems);
		for (int slot = 1; slot <= IndexDefinition.MAX_SLOTS; slot++) {
			checkGlobalIndex(table, TableLayout.genericIndex(slot), TableLayout.genericPartitionKey(slot),
					TableLayout.genericSortKey(slot), problems);
		}
		if (!problems.isEmpty()) {
			throw new InvalidDataAccessResourceUsageException("Table %s does not fit dynamini: %s"
				.formatted(table.tableName(), String.join("; ", problems)));
		}
	}

	private static void checkGlobalIndex(TableDescription table, String name, String partitionKey, String sortKey,
			List<String> problems) {
		GlobalSecondaryIndexDescription gsi = table.globalSecondaryIndexes().stream()
			.filter(index -> index.indexName().equals(name))
			.findFirst()
			.orElse(null);
		if (gsi == null || !hasKeys(gsi.keySchema(), partitionKey, sortKey)
				|| gsi.projection().projectionType() != ProjectionType.ALL) {
			problems.add("it needs the global secondary index %s on (%s, %s) projecting ALL attributes"
				.formatted(name, partitionKey, sortKey));
		}
	}

	private static void checkType(TableDescription table, String attribute, ScalarAttributeType type,
			List<String> problems) {
		table.attributeDefinitions().stream()
			.filter(definition -> definition.attributeName().equals(attribute))
			.filter(definition -> definition.attributeType() != type)
			.forEach(definition -> problems.add("attribute %s must be of type %s, not %s"
				.formatted(attribute, type, definition.attributeType())));
	}

	private static boolean hasKeys(List<KeySchemaElement> keys, String hash, String range) {
		return keys.size() == 2 && keys.contains(key(hash, KeyType.HASH)) && keys.contains(key(range, KeyType.RANGE));
	}

	private static String describeKeys(List<KeySchemaElement> keys) {
		return keys.stream().map(key -> key.attributeName() + " (" + key.keyType() + ")").toList().toString();
	}

	private static AttributeDefinition string(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}

	private static KeySchemaElement key(String name, KeyType type) {
		return KeySchemaElement.builder().attributeName(name).keyType(type).build();
	}

	private <R> R execute(String context, Function<DynamoDbClient, R> call) {
		return executor.execute(context, call);
	}
}

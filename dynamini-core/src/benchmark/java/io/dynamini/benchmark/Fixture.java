package io.dynamini.benchmark;

import io.dynamini.observation.DynaminiOperationContext;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.List;

import io.awspring.cloud.dynamodb.DynamoDbTemplate;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.repository.support.DynaminiRepositoryFactory;
import io.dynamini.test.TestEngine;
import io.dynamini.test.RequestCounter;

import org.springframework.data.history.Revision;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-process dynamini engine (dynamini-embedded), one table and the data every benchmark reads, shared by all benchmarks of the
 * JVM: dynamini, the raw-SDK baseline and Spring Cloud AWS all talk to the same engine through clients that count
 * requests and consumed capacity.
 */
public final class Fixture {

	public static final String OWNER = "bench-owner";

	private static Fixture instance;

	public final RequestCounter counter = new RequestCounter();

	/** The engine over loopback HTTP, or canned responses of it ({@link CannedHttpClient}), for every client of the benchmark. */
	public final CannedHttpClient http = new CannedHttpClient(ApacheHttpClient.builder().maxConnections(64).build());

	public final DynamoDbClient client = DynamoDbClient.builder()
		.endpointOverride(TestEngine.endpoint())
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
		.httpClient(http)
		.overrideConfiguration(config -> config.addExecutionInterceptor(counter))
		.build();

	public final String table = TestEngine.uniqueTableName(Fixture.class);

	public final DynaminiTemplate template;

	/** The same table and client, observed with {@link ObservationRegistry#NOOP}. */
	public final DynaminiTemplate noopObserved;

	/** The same table and client, observed into a {@link SimpleMeterRegistry} (timers, capacity summaries). */
	public final DynaminiTemplate metered;

	public final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	public final BenchNoteRepository repository;

	public final DynamoDbTemplate peer;

	/** The AWS enhanced client's table of {@link VersionedNote} (its default extensions: optimistic locking). */
	public final DynamoDbTable<VersionedNote> enhanced;

	/** A {@link VersionedNote} both peers update and read. */
	public final String versionedId = "#Peer#versioned";
	/** An entity with a few revisions, for point reads. */
	public final String readId;

	/** An entity with 1,000 revisions, for time travel and history pages. */
	public final String deepId;

	/** The instant of revision 500 of {@link #deepId}. */
	public final Instant deepMiddle;

	private Fixture() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		template = new DynaminiTemplate(client, table);
		noopObserved = DynaminiTemplate.builder().client(client).tableName(table).observationRegistry(ObservationRegistry.NOOP)
			.build();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters))
			.observationHandler(new CapacityHandler(meters));
		metered = DynaminiTemplate.builder().client(client).tableName(table).observationRegistry(registry).build();
		repository = new DynaminiRepositoryFactory(template).getRepository(BenchNoteRepository.class);
		DynamoDbEnhancedClient enhancedClient = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
		enhanced = enhancedClient.table(table, TableSchema.fromBean(VersionedNote.class));
		peer = new DynamoDbTemplate(enhancedClient, new io.awspring.cloud.dynamodb.DynamoDbTableSchemaResolver() {
			@Override
			@SuppressWarnings("unchecked")
			public <T> TableSchema<T> resolve(Class<T> type) {
				return (TableSchema<T>) TableSchema.fromBean(type);
			}
		}, new io.awspring.cloud.dynamodb.DynamoDbTableNameResolver() {
			@Override
			public <T> String resolve(Class<T> type) {
				return table;
			}
		});
		for (int i = 0; i < 300; i++) {
			template.save(new BenchNote(OWNER, "note " + i, Instant.now()));
		}
		VersionedNote versioned = new VersionedNote();
		versioned.setPk(versionedId);
		versioned.setSk("L");
		versioned.setOwner(OWNER);
		versioned.setText("hello");
		enhanced.putItem(versioned);
		readId = withRevisions(5);
		deepId = withRevisions(1000);
		List<Revision<Long, BenchNote>> history = template.findRevisions(BenchNote.class, deepId).getContent();
		deepMiddle = history.get(499).getRequiredRevisionInstant();
	}

	/** What the starter's meter handler records per operation: its capacity, as a summary per entity and operation. */
	static final class CapacityHandler implements ObservationHandler<DynaminiOperationContext> {

		private final SimpleMeterRegistry meters;

		CapacityHandler(SimpleMeterRegistry meters) {
			this.meters = meters;
		}

		@Override
		public void onStop(DynaminiOperationContext context) {
			meters.summary("dynamini.capacity.write", "dynamini.entity", context.getEntity(), "dynamini.operation",
					context.getOperation()).record(context.getWriteCapacity());
			meters.summary("dynamini.capacity.read", "dynamini.entity", context.getEntity(), "dynamini.operation",
					context.getOperation()).record(context.getReadCapacity());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof DynaminiOperationContext;
		}
	}

	public static synchronized Fixture get() {
		if (instance == null) {
			instance = new Fixture();
		}
		return instance;
	}

	/**
	 * @return the id of a new entity saved {@code revisions} times
	 */
	public String withRevisions(int revisions) {
		BenchNote note = template.save(new BenchNote("deep", "revision 1", Instant.now()));
		for (int i = 2; i <= revisions; i++) {
			note.setText("revision " + i);
			note.setCounter(i);
			note = template.save(note);
		}
		return note.getId();
	}
}

package io.dynamini.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.transaction.DynaminiTransactionManager;
import io.dynamini.repository.support.DynaminiRepositoryFactory;
import io.dynamini.test.TestEngine;
import io.dynamini.test.domain.Article;
import io.dynamini.test.domain.ArticleRepository;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The observations a save, a conflicting save, a transaction of 10, a derived query page and a throttled-then-retried
 * write record, exactly: each operation one {@code dynamini.operation} with its keys, each DynamoDB request one
 * {@code dynamini.request} child with OpenTelemetry's DynamoDB keys and the capacity DynamoDB reported.
 */
class ObservationIntegrationTests {

	static final DynamoDbClient client = TestEngine.client();

	static final String table = TestEngine.uniqueTableName(ObservationIntegrationTests.class);

	static final TestObservationRegistry registry = TestObservationRegistry.create();

	/** Every stopped observation, in stop order (children before their parent). */
	static final List<Observation.Context> stopped = new ArrayList<>();

	static final DynaminiTemplate template = createTemplate();

	static final ArticleRepository articles = new DynaminiRepositoryFactory(template).getRepository(ArticleRepository.class);

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				synchronized (stopped) {
					stopped.add(context);
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
		return DynaminiTemplate.builder().client(client).tableName(table).observationRegistry(registry).build();
	}

	@BeforeEach
	void clear() {
		registry.clear();
		synchronized (stopped) {
			stopped.clear();
		}
		TestEngine.engine().faults().clear();
	}

	@AfterAll
	static void close() {
		TestEngine.engine().faults().clear();
		client.close();
	}

	static Map<String, String> low(Observation.Context context) {
		Map<String, String> keys = new TreeMap<>();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			keys.put(keyValue.getKey(), keyValue.getValue());
		}
		return keys;
	}

	static Map<String, String> high(Observation.Context context) {
		Map<String, String> keys = new TreeMap<>();
		for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
			keys.put(keyValue.getKey(), keyValue.getValue());
		}
		return keys;
	}

	static List<Observation.Context> operations() {
		return stopped.stream().filter(DynaminiOperationContext.class::isInstance).toList();
	}

	static List<DynaminiRequestContext> requestsOf(Observation.Context operation) {
		return stopped.stream()
			.filter(DynaminiRequestContext.class::isInstance)
			.map(DynaminiRequestContext.class::cast)
			.filter(request -> request.getParentObservation() != null
					&& request.getParentObservation().getContextView() == operation)
			.toList();
	}

	static Map<String, String> request(String operation, String outcome) {
		return Map.of("db.system.name", "aws.dynamodb", "db.operation.name", operation, "aws.dynamodb.table_names", table,
				"dynamini.outcome", outcome);
	}

	@Test
	void aSaveIsOneOperationWithOneTransactionRequestAndItsWriteCapacity() {
		Note saved = template.save(new Note("ann", "first"));

		assertThat(operations()).singleElement().satisfies(operation -> {
			assertThat(operation.getName()).isEqualTo("dynamini.operation");
			assertThat(low(operation)).isEqualTo(
					Map.of("dynamini.entity", "Note", "dynamini.operation", "save", "dynamini.outcome", "success"));
			assertThat(high(operation)).isEqualTo(Map.of("dynamini.id", saved.getId(), "dynamini.revision", "1"));
			List<DynaminiRequestContext> requests = requestsOf(operation);
			assertThat(requests).singleElement().satisfies(request -> {
				assertThat(request.getName()).isEqualTo("dynamini.request");
				assertThat(low(request)).isEqualTo(request("TransactWriteItems", "success"));
				assertThat(high(request)).containsEntry("dynamini.retries", "0")
					.hasEntrySatisfying("aws.dynamodb.consumed_capacity", value -> assertThat(value).startsWith(table + "="));
				// transactional writes cost 2 WCU per KB, index entries included: the latest item and its type-index
				// entry, the revision and its rev-index entry (HistoryRetentionIntegrationTests has the breakdown)
				assertThat(request.getWriteCapacity()).isEqualTo(8.0);
			});
			assertThat(((DynaminiOperationContext) operation).getWriteCapacity()).isEqualTo(8.0);
			assertThat(((DynaminiOperationContext) operation).getReadCapacity()).isZero();
		});
		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo("dynamini.operation")
			.that()
			.hasContextualNameEqualTo("save Note")
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void aConflictingSaveEndsAsVersionConflictWithItsCancelledRequest() {
		Note first = template.save(new Note("ann", "first"));
		Note stale = template.findById(Note.class, first.getId()).orElseThrow();
		first.setText("second");
		template.save(first);
		clear();

		stale.setText("lost");
		assertThatThrownBy(() -> template.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);

		assertThat(operations()).singleElement().satisfies(operation -> {
			assertThat(low(operation)).containsEntry("dynamini.operation", "save")
				.containsEntry("dynamini.outcome", "version-conflict");
			assertThat(high(operation)).containsEntry("dynamini.id", first.getId()).doesNotContainKey("dynamini.revision");
			assertThat(operation.getError()).isInstanceOf(OptimisticLockingFailureException.class);
			assertThat(requestsOf(operation)).extracting(ObservationIntegrationTests::low)
				.containsExactly(request("TransactWriteItems", "cancelled"));
		});
	}

	@Test
	void aTransactionOfTenIsTenSavesWithoutRequestsAndOneCommitWithOneRequest() {
		DynaminiTransactionManager manager = new DynaminiTransactionManager(client);
		manager.setObservationRegistry(registry);
		new TransactionTemplate(manager).executeWithoutResult(status -> {
			for (int i = 0; i < 10; i++) {
				template.save(new Note("ann", "note " + i));
			}
		});

		List<Observation.Context> operations = operations();
		assertThat(operations).hasSize(11);
		assertThat(operations.subList(0, 10)).allSatisfy(save -> {
			assertThat(low(save)).isEqualTo(
					Map.of("dynamini.entity", "Note", "dynamini.operation", "save", "dynamini.outcome", "success"));
			assertThat(requestsOf(save)).isEmpty();
		});
		Observation.Context commit = operations.get(10);
		assertThat(low(commit)).isEqualTo(
				Map.of("dynamini.entity", "Note", "dynamini.operation", "commit", "dynamini.outcome", "success"));
		assertThat(requestsOf(commit)).singleElement().satisfies(request -> {
			assertThat(low(request)).isEqualTo(request("TransactWriteItems", "success"));
			assertThat(request.getWriteCapacity()).isEqualTo(80.0);
		});
	}

	@Test
	void aDerivedQueryPageIsOneOperationNamedAfterItsMethodWithItsQueries() {
		String author = "author-" + System.nanoTime();
		for (int i = 0; i < 3; i++) {
			Article article = new Article();
			article.setAuthor(author);
			article.setTitle("t" + i);
			article.setPublishedAt(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i));
			articles.save(article);
		}
		clear();

		Page<Article> page = articles.findByAuthor(author, PageRequest.of(0, 2));

		assertThat(page.getContent()).hasSize(2);
		assertThat(operations()).singleElement().satisfies(operation -> {
			assertThat(low(operation)).isEqualTo(Map.of("dynamini.entity", "Article", "dynamini.operation",
					"query:findByAuthor", "dynamini.outcome", "success"));
			List<DynaminiRequestContext> requests = requestsOf(operation);
			assertThat(requests).isNotEmpty()
				.allSatisfy(request -> assertThat(low(request)).isEqualTo(request("Query", "success")));
			assertThat(((DynaminiOperationContext) operation).getReadCapacity()).isPositive();
			assertThat(((DynaminiOperationContext) operation).getRequests()).isEqualTo(requests.size());
		});
	}

	@Test
	void aThrottledWriteThatTheSdkRetriedCountsItsRetryAndThrottleAndSucceeds() {
		TestEngine.engine().faults().on("TransactWriteItems").table(table).times(1).throttle();

		template.save(new Note("ann", "throttled once"));

		assertThat(operations()).singleElement().satisfies(operation -> {
			assertThat(low(operation)).containsEntry("dynamini.outcome", "success");
			DynaminiOperationContext context = (DynaminiOperationContext) operation;
			assertThat(context.getRetries()).isEqualTo(1);
			assertThat(context.getThrottles()).isEqualTo(1);
			assertThat(requestsOf(operation)).singleElement().satisfies(request -> {
				assertThat(low(request)).isEqualTo(request("TransactWriteItems", "success"));
				assertThat(high(request)).containsEntry("dynamini.retries", "1");
			});
		});
	}

	@Test
	void aRequestThatDidNotAskForItsCapacityIsAskedAndTheConsumerBuilderFormIsObservedToo() {
		DynamoDbClient observed = new DynaminiObservations(registry).observe(client);
		var response = new DynaminiObservations(registry).operation("Note", "custom", "x",
				() -> observed.getItem(r -> r.tableName(table)
					.key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x"), "sk",
							software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("A")))));

		assertThat(response.consumedCapacity()).as("asked for by the observed client").isNotNull();
		assertThat(operations()).singleElement().satisfies(operation -> {
			assertThat(requestsOf(operation)).singleElement().satisfies(request -> {
				assertThat(low(request)).isEqualTo(request("GetItem", "success"));
				assertThat(request.getReadCapacity()).isEqualTo(response.consumedCapacity().capacityUnits());
			});
		});
	}

	@Test
	void aWriteThrottledBeyondTheRetriesEndsAsThrottled() {
		TestEngine.engine().faults().on("TransactWriteItems").table(table).times(100).throttle();

		assertThatThrownBy(() -> template.save(new Note("ann", "throttled"))).isNotNull();

		assertThat(operations()).singleElement().satisfies(operation -> {
			assertThat(low(operation)).containsEntry("dynamini.outcome", "throttled");
			assertThat(requestsOf(operation)).isNotEmpty()
				.allSatisfy(request -> assertThat(low(request)).containsEntry("dynamini.outcome", "throttled"));
		});
	}
}

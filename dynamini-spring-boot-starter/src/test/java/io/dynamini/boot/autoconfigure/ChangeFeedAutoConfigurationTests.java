package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeType;
import io.dynamini.changes.PollingChangeFeed;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.TableCapacity;
import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;
import io.dynamini.test.domain.Task;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The change feed as an application sees it: {@code @EventListener}s typed by entity receive its changes, a
 * restarted application with a persistent embedded engine redelivers nothing, and the table gets its stream (or
 * startup names the property that would give it one).
 */
class ChangeFeedAutoConfigurationTests {

	static final EmbeddedDynamoDb sharedEngine = new EmbeddedDynamoDb(null);

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DynaminiClientAutoConfiguration.class,
				DynaminiDataAutoConfiguration.class, DynaminiRepositoriesAutoConfiguration.class,
				DynaminiChangesAutoConfiguration.class, DynaminiHealthContributorAutoConfiguration.class))
		.withUserConfiguration(Listeners.class)
		.withPropertyValues("dynamini.changes.poll-interval=50ms", "dynamini.changes.lease-duration=1s");

	@AfterAll
	static void stopEngine() throws Exception {
		sharedEngine.close();
	}

	@AutoConfigurationPackage(basePackageClasses = NoteRepository.class)
	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<ChangeEvent<Note>> notes = new CopyOnWriteArrayList<>();

		final List<ChangeEvent<Task>> tasks = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ChangeEvent<Note> event) {
			notes.add(event);
		}

		@EventListener
		void onTask(ChangeEvent<Task> event) {
			tasks.add(event);
		}
	}

	@Test
	void listenersReceiveTheChangesOfTheirEntityTypeOnly() {
		runner.withPropertyValues("dynamini.changes.enabled=true", "dynamini.endpoint=" + sharedEngine.getEndpoint(),
				"dynamini.table.name=t-" + System.nanoTime()).run(context -> {
					assertThat(context).hasNotFailed().hasSingleBean(PollingChangeFeed.class);
					NoteRepository notes = context.getBean(NoteRepository.class);
					Note note = notes.save(new Note("ann", "one"));
					note.setText("two");
					notes.save(note);
					notes.deleteById(note.getId());
					Listeners listeners = context.getBean(Listeners.class);

					await().atMost(Duration.ofSeconds(20)).until(() -> listeners.notes.size() >= 3);
					assertThat(listeners.notes).extracting(ChangeEvent::type)
						.containsExactly(ChangeType.INSERT, ChangeType.UPDATE, ChangeType.DELETE);
					assertThat(listeners.notes.get(1).entity()).get().extracting(Note::getText).isEqualTo("two");
					assertThat(listeners.tasks).isEmpty();
					assertThat(context.getBean(PollingChangeFeed.class).options().group()).isEqualTo("default");
					assertThat(context.getBean(DynaminiChangeFeedHealthIndicator.class).health(true).getStatus())
						.isEqualTo(Status.UP);
				});
	}

	@Test
	void aRestartedApplicationWithAPersistentEngineRedeliversNothing(@TempDir Path folder) {
		ApplicationContextRunner persistent = runner.withPropertyValues("dynamini.changes.enabled=true",
				"dynamini.embedded.enabled=true", "dynamini.embedded.path=" + folder, "spring.application.name=notes-app");
		String[] first = new String[1];
		persistent.run(context -> {
			first[0] = context.getBean(NoteRepository.class).save(new Note("ann", "before the restart")).getId();
			Listeners listeners = context.getBean(Listeners.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> listeners.notes.size() >= 1);
			assertThat(context.getBean(PollingChangeFeed.class).options().group()).isEqualTo("notes-app");
		});
		persistent.run(context -> {
			String second = context.getBean(NoteRepository.class).save(new Note("bob", "after the restart")).getId();
			Listeners listeners = context.getBean(Listeners.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> listeners.notes.size() >= 1);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
			assertThat(listeners.notes).extracting(ChangeEvent::id).containsExactly(second);
			assertThat(listeners.notes).extracting(ChangeEvent::id).doesNotContain(first[0]);
		});
	}

	@Test
	void anExistingTableWithoutAStreamGetsOneOnlyWhenCreationIsAllowed() {
		String table = "t-" + System.nanoTime();
		try (DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(sharedEngine.getEndpoint())
			.region(software.amazon.awssdk.regions.Region.US_EAST_1)
			.credentialsProvider(DynaminiClientAutoConfiguration.LOCAL_CREDENTIALS)
			.build()) {
			new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
			ApplicationContextRunner existing = runner.withPropertyValues("dynamini.changes.enabled=true",
					"dynamini.endpoint=" + sharedEngine.getEndpoint(), "dynamini.table.name=" + table);

			existing.withPropertyValues("dynamini.table.create=false")
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("has no stream")
					.hasMessageContaining("dynamini.table.create"));
			existing.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(client.describeTable(r -> r.tableName(table)).table().streamSpecification().streamViewType())
					.isEqualTo(StreamViewType.NEW_IMAGE);
			});
		}
	}

	@Test
	void kclModeWithoutTheKclOnTheClassPathFailsAtStartupNamingBothArtifacts() {
		for (String hidden : new String[] { "software.amazon.kinesis", "com.amazonaws.services.dynamodbv2.streamsadapter" }) {
			runner.withClassLoader(new FilteredClassLoader(hidden))
				.withPropertyValues("dynamini.changes.enabled=true", "dynamini.changes.mode=kcl",
						"dynamini.endpoint=" + sharedEngine.getEndpoint(), "dynamini.table.name=t-" + System.nanoTime())
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("software.amazon.kinesis:amazon-kinesis-client")
					.hasMessageContaining("com.amazonaws:dynamodb-streams-kinesis-adapter")
					.hasMessageContaining("dynamini.changes.mode=poll"));
		}
	}

	@Test
	void kclModeRefusesAGroupThatCannotNameALeaseTable() {
		runner.withPropertyValues("dynamini.changes.enabled=true", "dynamini.changes.mode=kcl",
				"dynamini.changes.consumer-group=billing projector", "dynamini.endpoint=" + sharedEngine.getEndpoint(),
				"dynamini.table.name=t-" + System.nanoTime())
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Consumer group 'billing projector'")
				.hasMessageContaining("lease table"));
	}

	@Test
	void kclModeRefusesABatchSizeDynamoDbStreamsCannotServe() {
		runner.withPropertyValues("dynamini.changes.enabled=true", "dynamini.changes.mode=kcl",
				"dynamini.changes.kcl.max-records=5000", "dynamini.endpoint=" + sharedEngine.getEndpoint(),
				"dynamini.table.name=t-" + System.nanoTime())
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("maxRecords")
				.hasMessageContaining("5000"));
	}

	@Test
	void withoutTheFlagThereIsNoFeedAndNoStream() {
		String table = "t-" + System.nanoTime();
		runner.withPropertyValues("dynamini.endpoint=" + sharedEngine.getEndpoint(), "dynamini.table.name=" + table)
			.run(context -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(PollingChangeFeed.class)
					.hasSingleBean(io.dynamini.lease.DynaminiLeases.class);
				assertThat(context.getBean(DynamoDbClient.class)
					.describeTable(r -> r.tableName(table))
					.table()
					.streamSpecification()).isNull();
			});
	}
}

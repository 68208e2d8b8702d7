package io.dynamini.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.SwitchableTenant;
import io.dynamini.test.domain.Draft;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.Session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The change feed against the engine's streams: one event per revision and per purge, none for bookkeeping, per
 * entity in revision order, tenants carried; checkpoints across clean stops and crashes; failing listeners; one
 * delivering consumer per group and takeover by a standby. Every test uses its own consumer group; the table is
 * audited at the end.
 */
class ChangeFeedIntegrationTests {

	static final DynamoDbClient client = TestEngine.client();

	static final DynamoDbStreamsClient streams = TestEngine.streamsClient();

	static final String table = TestEngine.uniqueTableName(ChangeFeedIntegrationTests.class);

	static final SwitchableTenant tenant = new SwitchableTenant();

	static final DynaminiEntityConverter converter = new DynaminiEntityConverter(new DynaminiMappingContext());

	static final DynaminiTemplate template = createTemplate();

	static final AtomicInteger groups = new AtomicInteger();

	final List<PollingChangeFeed> feeds = new ArrayList<>();

	static DynaminiTemplate createTemplate() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand(), true);
		DynaminiTemplate created = DynaminiTemplate.builder()
			.client(client)
			.tableName(table)
			.converter(converter)
			.tenantResolver(tenant)
			.build();
		converter.getMappingContext().getRequiredPersistentEntity(Note.class);
		converter.getMappingContext().getRequiredPersistentEntity(Draft.class);
		converter.getMappingContext().getRequiredPersistentEntity(Session.class);
		return created;
	}

	@AfterEach
	void stopFeeds() {
		feeds.forEach(PollingChangeFeed::stop);
		tenant.reset();
	}

	@AfterAll
	static void auditAndClose() {
		HistoryAudit.audit(table);
		client.close();
		streams.close();
	}

	PollingChangeFeed feed(ChangeFeedOptions options, Consumer<ChangeEvent<?>> listener) {
		PollingChangeFeed feed = new PollingChangeFeed(client, streams, table, new ChangeEventDecoder(converter), listener,
				options);
		feeds.add(feed);
		feed.start();
		return feed;
	}

	static ChangeFeedOptions options(String group) {
		return ChangeFeedOptions.of(group).withPollInterval(Duration.ofMillis(50)).withLeaseDuration(Duration.ofSeconds(1));
	}

	static String newGroup() {
		return "group-" + groups.incrementAndGet() + "-" + System.nanoTime();
	}

	/** Events of entities whose id starts with {@code prefix} (each test writes its own). */
	static List<ChangeEvent<?>> of(List<ChangeEvent<?>> events, String prefix) {
		return events.stream().filter(event -> event.id().toString().startsWith(prefix)).toList();
	}

	@Test
	void everyRevisionIsOneEventAPurgeOneAndBookkeepingNone() {
		String prefix = "kinds-" + System.nanoTime();
		Note note = new Note("ann", "first");
		note.setId(prefix);
		note = template.save(note);
		note.setText("second");
		note = template.save(note);
		template.deleteById(Note.class, prefix);
		template.restore(Note.class, prefix);
		template.purge(Note.class, prefix);
		Note again = new Note("bob", "re-created");
		again.setId(prefix);
		template.save(again);

		List<ChangeEvent<?>> events = new CopyOnWriteArrayList<>();
		feed(options(newGroup()), events::add);

		await().atMost(Duration.ofSeconds(20)).until(() -> of(events, prefix).size() >= 6);
		List<ChangeEvent<?>> mine = of(events, prefix);
		assertThat(mine).extracting(ChangeEvent::type)
			.containsExactly(ChangeType.INSERT, ChangeType.UPDATE, ChangeType.DELETE, ChangeType.UPDATE, ChangeType.PURGE,
					ChangeType.INSERT);
		assertThat(mine).extracting(ChangeEvent::revision).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		assertThat(mine.get(2).entity()).as("a delete carries the last live state")
			.hasValueSatisfying(state -> assertThat(((Note) state).getText()).isEqualTo("second"));
		assertThat(mine.get(4).entity()).as("a purge carries no state").isEmpty();
		assertThat(mine.get(4).revisionId()).isEmpty();
		assertThat(mine.get(5).entity()).hasValueSatisfying(state -> assertThat(((Note) state).getOwner()).isEqualTo("bob"));
		ChangeEvent<?> first = mine.get(0);
		assertThat(first.tenant()).isEqualTo("tenant-a");
		assertThat(first.entityType()).isEqualTo(Note.class);
		assertThat(first.entityName()).isEqualTo("Note");
		assertThat(first.id()).isEqualTo(prefix);
		assertThat(first.revisionId()).hasSize(26);
		assertThat(first.instant()).isEqualTo(com.github.f4b6a3.ulid.Ulid.from(first.revisionId()).getInstant());
		assertThat(first.getResolvableType()).isEqualTo(ResolvableType.forClassWithGenerics(ChangeEvent.class, Note.class));
		assertThat(events).as("no event of the feed's own checkpoints or leases, or of another tenant's entity")
			.allSatisfy(event -> assertThat(event.entityType()).isEqualTo(Note.class));
	}

	@Test
	void emptyMapsAndListsInTheStateArriveIntactWhereverTheyAre() {
		String id = "empty-" + System.nanoTime();
		Note note = new Note("ann", "empty values");
		note.setId(id);
		note.setAttributes(new java.util.LinkedHashMap<>(Map.of("object", Map.of(), "list", List.of("x"))));
		note.setTags(new ArrayList<>());
		template.save(note);
		List<ChangeEvent<?>> events = new CopyOnWriteArrayList<>();
		PollingChangeFeed feed = feed(options(newGroup()), events::add);

		await().atMost(Duration.ofSeconds(20)).until(() -> of(events, id).size() >= 1);
		Note delivered = (Note) of(events, id).get(0).entity().orElseThrow();
		assertThat(delivered.getAttributes()).isEqualTo(Map.of("object", Map.of(), "list", List.of("x")));
		assertThat(delivered.getTags()).isEmpty();
		assertThat(feed.state()).isEqualTo(PollingChangeFeed.State.ACTIVE);
	}

	@Test
	void tenantsAreCarriedAndNeverMixed() {
		String prefix = "tenants-" + System.nanoTime();
		for (String name : List.of("tenant-x", "tenant-y")) {
			tenant.set(name);
			Note note = new Note(name, "of " + name);
			note.setId(prefix);
			template.save(note);
		}
		List<ChangeEvent<?>> events = new CopyOnWriteArrayList<>();
		feed(options(newGroup()), events::add);

		await().atMost(Duration.ofSeconds(20)).until(() -> of(events, prefix).size() >= 2);
		assertThat(of(events, prefix)).allSatisfy(event -> assertThat(((Note) event.entity().orElseThrow()).getOwner())
			.isEqualTo(event.tenant()));
		assertThat(of(events, prefix)).extracting(ChangeEvent::tenant).containsExactlyInAnyOrder("tenant-x", "tenant-y");
	}

	@Test
	void concurrentWritersEveryRevisionIsDeliveredOnceInEntityOrder() throws Exception {
		String prefix = "concurrent-" + System.nanoTime();
		int entities = 20;
		int writes = 200;
		List<ChangeEvent<?>> events = new CopyOnWriteArrayList<>();
		feed(options(newGroup()), events::add);
		for (int i = 0; i < entities; i++) {
			Note note = new Note("w", "0");
			note.setId(prefix + "-" + i);
			template.save(note);
		}
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				futures.add(pool.submit(() -> {
					for (int write = next.getAndIncrement(); write < writes; write = next.getAndIncrement()) {
						int n = write;
						template.update(Note.class, prefix + "-" + (n % entities), note -> {
							note.setCounter(note.getCounter() + 1);
							return note;
						});
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> of(events, prefix).size() >= entities + writes);
		Thread.sleep(500);
		List<ChangeEvent<?>> mine = of(events, prefix);
		assertThat(mine).hasSize(entities + writes);
		Map<Object, List<Long>> revisionsById = new HashMap<>();
		for (ChangeEvent<?> event : mine) {
			revisionsById.computeIfAbsent(event.id(), id -> new ArrayList<>()).add(event.revision());
		}
		for (List<Long> revisions : revisionsById.values()) {
			List<Long> expected = new ArrayList<>();
			for (long r = 1; r <= revisions.size(); r++) {
				expected.add(r);
			}
			assertThat(revisions).as("one event per revision, in revision order").isEqualTo(expected);
			assertThat(mine.stream()
				.filter(event -> event.revision() == revisions.size())
				.map(event -> ((Note) event.entity().orElseThrow()).getCounter())).isNotEmpty();
		}
		assertThat(revisionsById.values().stream().mapToInt(List::size).sum()).isEqualTo(entities + writes);
	}

	@Test
	void afterACleanStopARestartRedeliversNothing() {
		String prefix = "restart-" + System.nanoTime();
		String group = newGroup();
		List<ChangeEvent<?>> before = new CopyOnWriteArrayList<>();
		PollingChangeFeed first = feed(options(group), before::add);
		saveNotes(prefix + "-a", 5);
		await().atMost(Duration.ofSeconds(20)).until(() -> of(before, prefix).size() >= 5);
		first.stop();
		assertThat(first.state()).isEqualTo(PollingChangeFeed.State.STOPPED);

		saveNotes(prefix + "-b", 3);
		List<ChangeEvent<?>> after = new CopyOnWriteArrayList<>();
		feed(options(group), after::add);
		await().atMost(Duration.ofSeconds(20)).until(() -> of(after, prefix).size() >= 3);

		assertThat(of(after, prefix)).extracting(event -> event.id().toString()).allMatch(id -> id.startsWith(prefix + "-b"))
			.hasSize(3);
		assertThat(of(before, prefix)).hasSize(5);
	}

	@Test
	void afterACrashOnlyTheBatchInFlightIsDeliveredAgain() {
		String prefix = "crash-" + System.nanoTime();
		String group = newGroup();
		saveNotes(prefix, 8);
		List<ChangeEvent<?>> firstRun = new CopyOnWriteArrayList<>();
		PollingChangeFeed[] crashing = new PollingChangeFeed[1];
		crashing[0] = feed(options(group), event -> {
			firstRun.add(event);
			if (of(firstRun, prefix).size() == 4) {
				// the process dies right after a listener returned: nothing of this batch is checkpointed
				new Thread(crashing[0]::crash).start();
			}
		});
		await().atMost(Duration.ofSeconds(20)).until(() -> crashing[0].state() == PollingChangeFeed.State.STOPPED);

		List<ChangeEvent<?>> secondRun = new CopyOnWriteArrayList<>();
		feed(options(group), secondRun::add);
		await().atMost(Duration.ofSeconds(20)).until(() -> of(secondRun, prefix).size() >= 8 - of(firstRun, prefix).size());
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);

		List<ChangeEvent<?>> redelivered = new ArrayList<>(of(secondRun, prefix));
		redelivered.retainAll(of(firstRun, prefix));
		assertThat(of(firstRun, prefix).size() + of(secondRun, prefix).size() - redelivered.size())
			.as("every change delivered").isEqualTo(8);
		assertThat(redelivered).as("only the crashed batch's events come again").isSubsetOf(of(firstRun, prefix));
		assertThat(of(secondRun, prefix)).doesNotHaveDuplicates();
	}

	@Test
	void aFailingListenerGetsTheSameEventAgainAndNothingIsSkipped() {
		String prefix = "failing-" + System.nanoTime();
		saveNotes(prefix, 3);
		List<String> attempts = new CopyOnWriteArrayList<>();
		List<ChangeEvent<?>> delivered = new CopyOnWriteArrayList<>();
		AtomicInteger failures = new AtomicInteger();
		feed(options(newGroup()), event -> {
			if (!event.id().toString().startsWith(prefix)) {
				return;
			}
			attempts.add(event.id().toString());
			if (event.id().equals(prefix + "-1") && failures.getAndIncrement() < 2) {
				throw new IllegalStateException("read model unavailable");
			}
			delivered.add(event);
		});

		await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= 3);
		assertThat(delivered).extracting(event -> event.id().toString())
			.containsExactly(prefix + "-0", prefix + "-1", prefix + "-2");
		assertThat(attempts).containsExactly(prefix + "-0", prefix + "-1", prefix + "-1", prefix + "-1", prefix + "-2");
	}

	@Test
	void aListenerThatKeepsFailingStopsTheFeedBeforeTheEventForTheNextConsumer() {
		String prefix = "stuck-" + System.nanoTime();
		String group = newGroup();
		saveNotes(prefix, 3);
		List<ChangeEvent<?>> first = new CopyOnWriteArrayList<>();
		PollingChangeFeed failing = feed(options(group).withMaxAttempts(3), event -> {
			if (event.id().equals(prefix + "-1")) {
				throw new IllegalStateException("poison");
			}
			first.add(event);
		});
		await().atMost(Duration.ofSeconds(20)).until(() -> failing.state() == PollingChangeFeed.State.FAILED);
		assertThat(failing.failure()).hasValueSatisfying(
				failure -> assertThat(failure).hasMessageContaining("failed 3 times").hasMessageContaining("poison"));
		assertThat(of(first, prefix)).extracting(event -> event.id().toString()).containsExactly(prefix + "-0");

		List<ChangeEvent<?>> resumed = new CopyOnWriteArrayList<>();
		feed(options(group), resumed::add);
		await().atMost(Duration.ofSeconds(20)).until(() -> of(resumed, prefix).size() >= 2);
		assertThat(of(resumed, prefix)).extracting(event -> event.id().toString())
			.containsExactly(prefix + "-1", prefix + "-2");
	}

	@Test
	void oneConsumerOfAGroupDeliversAndAStandbyTakesOverWhenItDies() {
		String prefix = "standby-" + System.nanoTime();
		String group = newGroup();
		List<ChangeEvent<?>> one = new CopyOnWriteArrayList<>();
		List<ChangeEvent<?>> two = new CopyOnWriteArrayList<>();
		PollingChangeFeed first = feed(options(group), one::add);
		await().atMost(Duration.ofSeconds(10)).until(() -> first.state() == PollingChangeFeed.State.ACTIVE);
		PollingChangeFeed second = feed(options(group), two::add);

		saveNotes(prefix + "-a", 5);
		await().atMost(Duration.ofSeconds(20)).until(() -> of(one, prefix).size() >= 5);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
			.until(() -> second.state() == PollingChangeFeed.State.STANDBY);
		assertThat(of(two, prefix)).as("the standby delivered nothing while the active consumer lived").isEmpty();

		first.crash();
		long crashedAt = System.nanoTime();
		saveNotes(prefix + "-b", 3);
		await().atMost(Duration.ofSeconds(20)).until(() -> of(two, prefix).size() >= 3);
		long tookOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt);

		assertThat(of(two, prefix)).extracting(event -> event.id().toString()).allMatch(id -> id.startsWith(prefix + "-b"));
		assertThat(tookOverMillis).as("takeover within about two lease durations and a few polls").isLessThan(10_000);
		assertThat(of(one, prefix)).hasSize(5);
	}

	@Test
	void aGroupStartingAtLatestSeesOnlyLaterChanges() {
		String prefix = "latest-" + System.nanoTime();
		saveNotes(prefix + "-old", 2);
		List<ChangeEvent<?>> events = new CopyOnWriteArrayList<>();
		PollingChangeFeed feed = feed(options(newGroup()).withStartPosition(StartPosition.LATEST), events::add);
		await().atMost(Duration.ofSeconds(10)).until(() -> feed.state() == PollingChangeFeed.State.ACTIVE);
		saveNotes(prefix + "-new", 2);

		await().atMost(Duration.ofSeconds(20)).until(() -> of(events, prefix).size() >= 2);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(of(events, prefix)).extracting(event -> event.id().toString())
			.containsExactly(prefix + "-new-0", prefix + "-new-1");
	}

	@Test
	void aTableWithoutAStreamStopsTheFeedNamingWhatToDo() {
		String plain = TestEngine.uniqueTableName(ChangeFeedIntegrationTests.class) + "-plain";
		DynaminiTableAdmin admin = new DynaminiTableAdmin(client);
		admin.createTable(plain, TableCapacity.onDemand());
		PollingChangeFeed feed = new PollingChangeFeed(client, streams, plain, new ChangeEventDecoder(converter),
				event -> {
				}, options(newGroup()));
		feeds.add(feed);
		feed.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> feed.state() == PollingChangeFeed.State.FAILED);
		assertThat(feed.failure()).hasValueSatisfying(failure -> assertThat(failure).hasMessageContaining("has no stream")
			.hasMessageContaining("dynamini.changes.enabled"));

		admin.enableStream(plain);
		assertThat(DynaminiTableAdmin.hasStreamOfNewImages(admin.describe(plain).orElseThrow())).isTrue();
	}

	@Test
	void revisionsHistoryRetentionDropsAreDeliveredOnceAndInOrderWhateverMarksThemLater() {
		String id = "retained-" + System.nanoTime();
		List<ChangeEvent<?>> delivered = new CopyOnWriteArrayList<>();
		feed(options(newGroup()), event -> {
			if (event.id().equals(id)) {
				delivered.add(event);
			}
		});
		Draft draft = template.save(new Draft(id, null, "1"));
		for (int i = 2; i <= 5; i++) {
			// the saves of revisions 4 and 5 mark revisions 1 and 2 (their items change: a TTL is set)
			draft = template.save(draft.withText(Integer.toString(i)));
		}
		template.save(draft.withText("6"));

		await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= 6);
		// a moment longer: the marks' stream records would arrive after the revisions they mark
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(delivered).extracting(ChangeEvent::revision).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
	}

	@Test
	void theEnginesTimeToLiveDeletionOfAnExpiredEntityIsOneExpireEvent() {
		String id = "expire-" + System.nanoTime();
		List<ChangeEvent<?>> delivered = new CopyOnWriteArrayList<>();
		feed(options(newGroup()), event -> {
			if (event.id().equals(id)) {
				delivered.add(event);
			}
		});
		template.save(new Session(id, null, "u", java.time.Instant.now().minusSeconds(10)));
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= 1);

		// DynamoDB's TTL, run by the engine: the latest item and the revision go, with the service as their remover
		// (revisions other tests' retention marked are expired first as the audit knows them)
		HistoryAudit.expireAllBut(client, table, java.time.Instant.now().getEpochSecond(), "#Session#" + id);
		assertThat(TestEngine.engine().sweepTimeToLive()).isGreaterThanOrEqualTo(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= 2);
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(delivered).extracting(ChangeEvent::type).containsExactly(ChangeType.INSERT, ChangeType.EXPIRE);
	}

	@Test
	void aListenerThrowingAnErrorIsRetriedThenFailsTheFeedVisibly() {
		String prefix = "error-" + System.nanoTime();
		saveNotes(prefix, 2);
		List<String> attempts = new CopyOnWriteArrayList<>();
		PollingChangeFeed failing = feed(options(newGroup()).withMaxAttempts(3), event -> {
			if (event.id().toString().startsWith(prefix)) {
				attempts.add(event.id().toString());
				throw new AssertionError("the read model is inconsistent");
			}
		});

		await().atMost(Duration.ofSeconds(20)).until(() -> failing.state() == PollingChangeFeed.State.FAILED);
		assertThat(failing.isRunning()).isFalse();
		assertThat(failing.failure()).hasValueSatisfying(failure -> assertThat(failure).hasMessageContaining("failed 3 times")
			.hasMessageContaining("the read model is inconsistent"));
		assertThat(attempts).containsExactly(prefix + "-0", prefix + "-0", prefix + "-0");
	}

	static void saveNotes(String idPrefix, int count) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			order.add(i);
		}
		Collections.unmodifiableList(order).forEach(i -> {
			Note note = new Note("n", "note " + i);
			note.setId(idPrefix + "-" + i);
			template.save(note);
		});
	}
}

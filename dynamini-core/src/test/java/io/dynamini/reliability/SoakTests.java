package io.dynamini.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.HistoryAudit;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The soak run ({@code mvn -B -pl dynamini-core -am verify -Psoak}; not part of the default test run): 8 instances
 * whose clocks are -5 s ... +5 s off, one thread each, running random saves, updates, deletes, restores, inserts,
 * purges (of 8 of the 40 entities) and reads for {@code dynamini.soak.duration} (default 5 minutes), then a full audit of every history.
 * Writes its figures to {@code target/soak-report.md}.
 */
@Tag("soak")
class SoakTests {

	static final int PURGED_ENTITIES = 8;

	@Test
	void eightSkewedInstancesOfRandomOperationsLoseAndDuplicateNothing() throws Exception {
		Duration duration = Duration.parse(System.getProperty("dynamini.soak.duration", "PT5M"));
		RequestCounter counter = new RequestCounter();
		try (DynamoDbClient client = TestEngine.client(counter)) {
			String table = TestEngine.uniqueTableName(SoakTests.class);
			new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
			DynaminiTemplate template = new DynaminiTemplate(client, table);
			List<DynaminiTemplate> instances = new ArrayList<>();
			for (long offset : SkewedInstancesIntegrationTests.OFFSETS_MILLIS) {
				instances.add(DynaminiTemplate.builder()
					.client(client)
					.tableName(table)
					.clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMillis(offset)))
					.build());
			}
			int threads = instances.size();
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				Note note = new Note("soak", "init");
				note.setId("soak-" + i);
				ids.add(template.save(note).getId());
			}
			Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
			Map<String, String> acknowledged = new ConcurrentHashMap<>();
			Map<String, Long> calledAt = new ConcurrentHashMap<>();
			Map<String, List<Long>> purgesReturned = new ConcurrentHashMap<>();
			AtomicLong tokens = new AtomicLong();
			Instant end = Instant.now().plus(duration);
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int seed = t;
				DynaminiTemplate instance = instances.get(t);
				workers.add(pool.submit(() -> {
					Random random = new Random(seed);
					while (Instant.now().isBefore(end)) {
						int entity = random.nextInt(ids.size());
						String id = ids.get(entity);
						String token = "t" + tokens.incrementAndGet();
						int dice = random.nextInt(100);
						String kind = dice < 30 ? "save" : dice < 60 ? "update" : dice < 70 ? "delete"
								: dice < 80 ? "restore" : dice < 85 ? "insert" : "read";
						// purges only touch the first 8 entities, so that the writes to the other 32 are never
						// excused as erased
						if (entity < PURGED_ENTITIES && dice == 85) {
							kind = "purge";
						}
						String outcome;
						calledAt.put(token, System.currentTimeMillis());
						try {
							outcome = Workload.apply(instance, kind, id, token) ? "ok" : "noop";
							if (outcome.equals("ok")
									&& (kind.equals("save") || kind.equals("update") || kind.equals("insert"))) {
								acknowledged.put(token, id);
							}
							if (kind.equals("purge")) {
								purgesReturned.computeIfAbsent(id, key -> new java.util.concurrent.CopyOnWriteArrayList<>())
									.add(System.currentTimeMillis());
							}
						}
						catch (OptimisticLockingFailureException | org.springframework.dao.DuplicateKeyException conflict) {
							outcome = "conflict";
						}
						catch (EmptyResultDataAccessException deleted) {
							outcome = "noop";
						}
						catch (DataAccessException other) {
							outcome = "error " + other.getClass().getSimpleName();
						}
						outcomes.computeIfAbsent(kind + " " + outcome, key -> new LongAdder()).increment();
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(duration.toMinutes() + 5, TimeUnit.MINUTES);
			}
			pool.shutdownNow();

			List<HistoryAudit.Chain> chains = HistoryAudit.audit(table);
			// every write of a token is an INSERT, or an UPDATE not preceded by a DELETE (those are restores, which
			// repeat the deleted state); count where each token was written
			Map<String, Integer> written = new TreeMap<>();
			long revisions = 0;
			for (String id : ids) {
				List<Revision<Long, Note>> history = template.findRevisions(Note.class, id).getContent();
				revisions += history.size();
				for (int i = 0; i < history.size(); i++) {
					RevisionType type = history.get(i).getMetadata().getRevisionType();
					boolean restore = i > 0 && history.get(i - 1).getMetadata().getRevisionType() == RevisionType.DELETE;
					if (history.get(i).getEntity().getText().equals("init")) {
						continue;
					}
					if (type == RevisionType.INSERT || type == RevisionType.UPDATE && !restore) {
						written.merge(history.get(i).getEntity().getText() + "@" + id, 1, Integer::sum);
					}
				}
			}
			// a purge of the entity that returned after the write was called may have erased it legitimately
			long erased = acknowledged.entrySet().stream()
				.filter(entry -> !written.containsKey(entry.getKey() + "@" + entry.getValue()))
				.filter(entry -> purgesReturned.getOrDefault(entry.getValue(), List.of()).stream()
					.anyMatch(returned -> returned >= calledAt.get(entry.getKey())))
				.count();
			long lost = acknowledged.entrySet().stream()
				.filter(entry -> !written.containsKey(entry.getKey() + "@" + entry.getValue()))
				.count() - erased;
			long duplicated = written.values().stream().filter(count -> count > 1).count();
			long unacknowledged = written.keySet().stream()
				.filter(key -> !acknowledged.containsKey(key.substring(0, key.indexOf('@'))))
				.count();
			long operations = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
			StringBuilder report = new StringBuilder("# Soak run\n\n");
			report.append("| figure | value |\n| --- | --- |\n");
			report.append("| duration | ").append(duration).append(" |\n");
			report.append("| instances (one thread each, clocks -5 s ... +5 s) / entities | ").append(threads)
				.append(" / ").append(ids.size()).append(" |\n");
			report.append("| operations | ").append(operations).append(" |\n");
			report.append("| operations per second | ").append(operations / Math.max(1, duration.toSeconds())).append(" |\n");
			report.append("| DynamoDB calls / HTTP attempts | ").append(counter.total()).append(" / ")
				.append(counter.attempts()).append(" |\n");
			report.append("| revisions audited | ").append(revisions).append(" in ").append(chains.size())
				.append(" histories |\n");
			report.append("| acknowledged writes (save, update, insert) | ").append(acknowledged.size()).append(" |\n");
			report.append("| acknowledged writes erased by a later purge | ").append(erased).append(" |\n");
			report.append("| acknowledged writes lost | ").append(lost).append(" |\n");
			report.append("| writes duplicated | ").append(duplicated).append(" |\n");
			report.append("| unacknowledged writes visible | ").append(unacknowledged).append(" |\n");
			report.append("\n| operation and outcome | count |\n| --- | --- |\n");
			new TreeMap<>(outcomes).forEach((key, value) -> report.append("| ").append(key).append(" | ")
				.append(value.sum()).append(" |\n"));
			Files.createDirectories(Path.of("target"));
			Files.writeString(Path.of("target", "soak-report.md"), report);
			System.out.println(report);

			assertThat(lost).isZero();
			assertThat(duplicated).isZero();
			assertThat(unacknowledged).isZero();
			assertThat(outcomes.keySet()).noneMatch(key -> key.contains("error"));
		}
	}
}

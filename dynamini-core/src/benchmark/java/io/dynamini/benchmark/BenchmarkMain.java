package io.dynamini.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.dynamini.repository.support.DynaminiRepositoryFactory;
import io.dynamini.test.RequestCounter;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/**
 * Runs the benchmark and prints the table of docs/performance.md: per operation dynamini's and the raw-SDK
 * baseline's time (JMH, measured side by side in alternating one-second iterations in this one JVM, next to the
 * in-process dynamini engine over loopback HTTP), their ratio, and requests and consumed capacity per operation (counted by an
 * {@code ExecutionInterceptor}); then the scale checks (history depth, paging memory).
 *
 * <p>System properties: {@code dynamini.bench.rounds} (5), {@code dynamini.bench.rows} (100000).
 */
public final class BenchmarkMain {

	private static final int ROUNDS = Integer.getInteger("dynamini.bench.rounds", 5);

	private static final int ROWS = Integer.getInteger("dynamini.bench.rows", 100_000);

	/**
	 * Which parts to run: {@code live} (the dynamini engine), {@code canned} (canned responses), {@code observations}
	 * (the cost of observations, canned responses); all by default.
	 */
	private static final String SUITES = System.getProperty("dynamini.bench.suites", "live,canned,observations");

	record Pair(String name, String dynamini, String raw, @Nullable String peer, Runnable dynaminiOp, Runnable rawOp,
			@Nullable Runnable peerOp, @Nullable Supplier<String> prepare, int theoreticalRequests, String why) {
	}

	public static void main(String[] args) throws Exception {
		long started = System.nanoTime();
		Fixture fixture = Fixture.get();
		Operations ops = new Operations();
		String[] deleteId = new String[1];
		List<Pair> pairs = List.of(
				new Pair("save (new entity)", "OperationBenchmarks.saveNew_dynamini", "OperationBenchmarks.saveNew_raw",
						"OperationBenchmarks.saveNew_peer", ops::saveNewDynamini, ops::saveNewRaw, ops::saveNewPeer, null, 1,
						"one transaction: conditional put of the latest state + put of the revision"),
				new Pair("save (update)", "OperationBenchmarks.saveUpdate_dynamini", "OperationBenchmarks.saveUpdate_raw",
						null, ops::saveUpdateDynamini, ops::saveUpdateRaw, null, null, 1,
						"the version check is the transaction's condition: no read first"),
				new Pair("findById", "OperationBenchmarks.findById_dynamini", "OperationBenchmarks.findById_raw",
						"OperationBenchmarks.findById_peer", ops::findByIdDynamini, ops::findByIdRaw, ops::findByIdPeer, null, 1,
						"the latest state is one item: GetItem"),
				new Pair("findByIdAsOf (1,000 revisions)", "OperationBenchmarks.asOf_dynamini", "OperationBenchmarks.asOf_raw",
						null, ops::asOfDynamini, ops::asOfRaw, null, null, 1,
						"revision sort keys are ULIDs: Query <= instant, descending, Limit 1"),
				new Pair("findRevisions page of 20 (Page)", "OperationBenchmarks.revisionsPage_dynamini",
						"OperationBenchmarks.revisionsPage_raw", null, ops::revisionsPageDynamini, ops::revisionsPageRaw, null,
						null, 1, "Query Limit 21 on the partition: the latest item (the total) sorts before the revisions"),
				new Pair("findAll page of 100 (Slice)", "OperationBenchmarks.findAllPage_dynamini",
						"OperationBenchmarks.findAllPage_raw", null, ops::findAllPageDynamini, ops::findAllPageRaw, null, null, 1,
						"type index, Limit 101 (the extra item answers hasNext)"),
				new Pair("derived query page of 100 (Slice)", "OperationBenchmarks.derivedPage_dynamini",
						"OperationBenchmarks.derivedPage_raw", null, ops::derivedPageDynamini, ops::derivedPageRaw, null, null, 1,
						"@Indexed property's GSI, Limit 101"),
				new Pair("delete (soft)", "DeleteBenchmarks.delete_dynamini", "DeleteBenchmarks.delete_raw", null,
						() -> ops.deleteDynamini(deleteId[0]), () -> ops.deleteRaw(deleteId[0]), null,
						() -> deleteId[0] = ops.freshForDelete(), 2,
						"GetItem (the tombstone carries the stored state) + one transaction"));

		StringBuilder report = new StringBuilder();
		if (SUITES.contains("live")) {
			report.append(live(fixture, pairs));
		}
		if (SUITES.contains("canned")) {
			report.append("\n### With the canned-response engine\n\n").append(CannedEngineSuite.run(fixture, ops));
		}
		if (SUITES.contains("observations")) {
			report.append("\n### Observation overhead\n\n").append(CannedEngineSuite.observationOverhead(fixture, ops));
		}
		if (SUITES.contains("live")) {
			report.append("\n").append(scale(fixture));
			report.append("\n").append(pagingMemory(fixture));
		}
		report.append("\nMachine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
			.append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
			.append(System.getProperty("os.arch")).append("; run took ")
			.append(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).append(" s on ")
			.append(Instant.now()).append(".\n");
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "benchmark-report.md"), report);
		System.out.println();
		System.out.println(report);
		System.exit(0);
	}

	private static String live(Fixture fixture, List<Pair> pairs) throws Exception {
		Map<String, double[]> costs = new LinkedHashMap<>();
		for (Pair pair : pairs) {
			costs.put(pair.name() + " dynamini", cost(fixture.counter, pair.dynaminiOp(), pair.prepare()));
			costs.put(pair.name() + " raw", cost(fixture.counter, pair.rawOp(), pair.prepare()));
			if (pair.peerOp() != null) {
				costs.put(pair.name() + " peer", cost(fixture.counter, pair.peerOp(), null));
			}
		}

		Map<String, List<Double>> times = new LinkedHashMap<>();
		for (Pair pair : pairs) {
			for (String benchmark : benchmarks(pair)) {
				run(benchmark, 2);
			}
		}
		for (int round = 0; round < ROUNDS; round++) {
			for (Pair pair : pairs) {
				for (String benchmark : benchmarks(pair)) {
					times.computeIfAbsent(benchmark, key -> new ArrayList<>()).add(run(benchmark, 0));
				}
			}
		}

		StringBuilder report = new StringBuilder();
		report.append("| operation | dynamini µs/op | raw SDK µs/op | ratio | requests/op (dynamini, raw) | capacity/op "
				+ "(dynamini, raw) | minimum requests | Spring Cloud AWS µs/op (requests) |\n");
		report.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
		for (Pair pair : pairs) {
			List<Double> mine = times.get(pair.dynamini());
			List<Double> theirs = times.get(pair.raw());
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < mine.size(); i++) {
				ratios.add(mine.get(i) / theirs.get(i));
			}
			double[] myCost = costs.get(pair.name() + " dynamini");
			double[] rawCost = costs.get(pair.name() + " raw");
			String peer = "";
			if (pair.peer() != null) {
				double[] peerCost = costs.get(pair.name() + " peer");
				peer = "%.0f (%.0f)".formatted(median(times.get(pair.peer())), peerCost[0]);
			}
			report.append("| %s | %.0f | %.0f | %.2f | %.0f, %.0f | %.1f, %.1f | %d | %s |\n".formatted(pair.name(),
					median(mine), median(theirs), median(ratios), myCost[0], rawCost[0], myCost[1], rawCost[1],
					pair.theoreticalRequests(), peer));
		}
		report.append("\nMedians of ").append(ROUNDS).append(" alternating one-second JMH iterations per operation "
				+ "(after two warm-up iterations each); ratio = median of the per-round ratios.\n");
		return report.toString();
	}

	private static List<String> benchmarks(Pair pair) {
		List<String> list = new ArrayList<>(List.of(pair.dynamini(), pair.raw()));
		if (pair.peer() != null) {
			list.add(pair.peer());
		}
		return list;
	}

	/**
	 * @return {requests per operation, capacity units per operation} over 20 operations
	 */
	private static double[] cost(RequestCounter counter, Runnable op, @Nullable Supplier<String> prepare) {
		int n = 20;
		long requests = 0;
		double capacity = 0;
		for (int i = 0; i < n; i++) {
			if (prepare != null) {
				prepare.get();
			}
			counter.reset();
			op.run();
			requests += counter.total();
			capacity += counter.capacityUnits();
		}
		return new double[] { (double) requests / n, capacity / n };
	}

	private static double run(String benchmark, int warmups) throws Exception {
		Options options = new OptionsBuilder().include("^" + Pattern.quote("io.dynamini.benchmark." + benchmark) + "$")
			.forks(0)
			.threads(1)
			.warmupIterations(warmups)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(1)
			.measurementTime(TimeValue.seconds(1))
			.verbosity(VerboseMode.SILENT)
			.shouldFailOnError(true)
			.build();
		RunResult result = new Runner(options).runSingle();
		return result.getPrimaryResult().getScore();
	}

	/**
	 * Latest and time-travel reads on entities with 10, 1,000 and 10,000 revisions: requests and capacity must not
	 * grow with the history.
	 */
	private static String scale(Fixture fixture) {
		StringBuilder table = new StringBuilder(
				"| revisions | findById requests (capacity) | findByIdAsOf requests (capacity) |\n| --- | --- | --- |\n");
		for (int revisions : new int[] { 10, 1_000, 10_000 }) {
			String id = fixture.withRevisions(revisions);
			Instant middle = fixture.template.findRevision(BenchNote.class, id, revisions / 2)
				.orElseThrow()
				.getRequiredRevisionInstant();
			fixture.counter.reset();
			fixture.template.findById(BenchNote.class, id).orElseThrow();
			String latest = "%d (%.1f)".formatted(fixture.counter.total(), fixture.counter.capacityUnits());
			fixture.counter.reset();
			fixture.template.findByIdAsOf(BenchNote.class, id, middle).orElseThrow();
			String asOf = "%d (%.1f)".formatted(fixture.counter.total(), fixture.counter.capacityUnits());
			table.append("| %,d | %s | %s |\n".formatted(revisions, latest, asOf));
		}
		return table.toString();
	}

	/**
	 * Pages through {@link #ROWS} rows by {@code Window} of 1,000 and samples the heap in use after a GC.
	 */
	private static String pagingMemory(Fixture fixture) throws Exception {
		PagedRowRepository rows = new DynaminiRepositoryFactory(fixture.template).getRepository(PagedRowRepository.class);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		AtomicInteger next = new AtomicInteger();
		String payload = "x".repeat(200);
		List<Future<?>> loaders = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			loaders.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < ROWS; i = next.getAndIncrement()) {
					rows.save(new PagedRow(null, null, i, payload));
				}
				return null;
			}));
		}
		for (Future<?> loader : loaders) {
			loader.get();
		}
		pool.shutdown();
		fixture.counter.reset();
		long[] samples = new long[11];
		int seen = 0;
		samples[0] = usedHeap();
		Window<PagedRow> window = rows.findAllBy(ScrollPosition.keyset(), Limit.of(1000));
		int pages = 1;
		while (true) {
			seen += window.size();
			if (seen % (ROWS / 10) == 0 && seen / (ROWS / 10) <= 10) {
				samples[seen / (ROWS / 10)] = usedHeap();
			}
			if (!window.hasNext()) {
				break;
			}
			window = rows.findAllBy(window.positionAt(window.size() - 1), Limit.of(1000));
			pages++;
		}
		long min = Long.MAX_VALUE;
		long max = 0;
		StringBuilder line = new StringBuilder();
		for (long sample : samples) {
			min = Math.min(min, sample);
			max = Math.max(max, sample);
			line.append(sample / (1024 * 1024)).append(' ');
		}
		return ("Paging through %,d rows by Window of 1,000: %,d pages, %,d Query requests, heap in use after GC at "
				+ "every tenth (MB): %s(spread %d MB).\n").formatted(seen, pages, fixture.counter.count("Query"),
						line, (max - min) / (1024 * 1024));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int middle = sorted.size() / 2;
		return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static long usedHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}
}

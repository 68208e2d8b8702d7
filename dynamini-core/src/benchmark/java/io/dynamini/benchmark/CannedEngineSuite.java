package io.dynamini.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * dynamini's own cost with the engine taken out ({@link CannedHttpClient}): per operation, µs/op and allocated
 * bytes/op (JMH's GC profiler) single-threaded, and µs/op with 8 threads, for dynamini, the raw-SDK baseline and,
 * where they do the same thing, the AWS enhanced client ({@code VersionedRecordExtension}) and Spring Cloud AWS's
 * {@code DynamoDbTemplate}; measured in alternating rounds, each ratio against the baseline of the same round.
 * Before each measurement the operation runs once against the dynamini engine to record its responses.
 */
final class CannedEngineSuite {

	private static final int ROUNDS = Integer.getInteger("dynamini.bench.canned.rounds", 3);

	/**
	 * @param name the operation
	 * @param benchmarks JMH benchmarks by implementation ({@code dynamini}, {@code raw}, {@code enhanced}, {@code sca})
	 * @param ops the same operations as plain calls, to record their responses
	 */
	record Operation(String name, Map<String, String> benchmarks, Map<String, Runnable> ops) {
	}

	record Measurement(double micros, double bytes) {
	}

	private CannedEngineSuite() {
	}

	static String run(Fixture fixture, Operations ops) throws Exception {
		String[] deleteId = new String[1];
		List<Operation> operations = List.of(
				op("save (new entity)", "OperationBenchmarks.saveNew", Map.of("dynamini", ops::saveNewDynamini, "raw",
						ops::saveNewRaw, "enhanced", ops::saveNewEnhanced)),
				op("save (update, version check)", "OperationBenchmarks.saveUpdate", Map.of("dynamini",
						ops::saveUpdateDynamini, "raw", ops::saveUpdateRaw, "enhanced", ops::saveUpdateEnhanced, "sca",
						ops::saveUpdatePeerVersioned)),
				op("findById (load by key)", "OperationBenchmarks.findById", Map.of("dynamini", ops::findByIdDynamini,
						"raw", ops::findByIdRaw, "enhanced", ops::findByIdEnhanced, "sca", ops::findByIdPeerVersioned)),
				op("findByIdAsOf", "OperationBenchmarks.asOf", Map.of("dynamini", ops::asOfDynamini, "raw", ops::asOfRaw)),
				op("findRevisions page of 20", "OperationBenchmarks.revisionsPage",
						Map.of("dynamini", ops::revisionsPageDynamini, "raw", ops::revisionsPageRaw)),
				op("findAll page of 100", "OperationBenchmarks.findAllPage",
						Map.of("dynamini", ops::findAllPageDynamini, "raw", ops::findAllPageRaw)),
				op("derived query page of 100", "OperationBenchmarks.derivedPage",
						Map.of("dynamini", ops::derivedPageDynamini, "raw", ops::derivedPageRaw)),
				op("delete (soft)", "DeleteBenchmarks.delete", Map.of("dynamini", () -> {
					deleteId[0] = ops.freshForDelete();
					ops.deleteDynamini(deleteId[0]);
				}, "raw", () -> {
					deleteId[0] = ops.freshForDelete();
					ops.deleteRaw(deleteId[0]);
				})),
				op("transaction of 10 new entities", "OperationBenchmarks.transaction",
						Map.of("dynamini", ops::transactionDynamini, "raw", ops::transactionRaw)));

		Map<String, List<Measurement>> single = new LinkedHashMap<>();
		Map<String, List<Double>> eight = new LinkedHashMap<>();
		for (int round = 0; round < ROUNDS; round++) {
			for (Operation operation : operations) {
				for (String implementation : implementations(operation)) {
					String key = operation.name() + "|" + implementation;
					single.computeIfAbsent(key, k -> new ArrayList<>())
						.add(measure(fixture, operation, implementation, 1, round == 0 ? 1 : 0));
					if (implementation.equals("dynamini") || implementation.equals("raw")) {
						eight.computeIfAbsent(key, k -> new ArrayList<>())
							.add(measure(fixture, operation, implementation, 8, round == 0 ? 1 : 0).micros());
					}
				}
			}
		}

		StringBuilder table = new StringBuilder("| operation | dynamini µs/op | raw µs/op | ratio | dynamini B/op | raw B/op "
				+ "| ratio | enhanced µs/op (ratio to dynamini) | Spring Cloud AWS µs/op (ratio to dynamini) | 8 threads: "
				+ "ratio (1 thread) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
		for (Operation operation : operations) {
			List<Measurement> mine = single.get(operation.name() + "|dynamini");
			List<Measurement> raw = single.get(operation.name() + "|raw");
			double timeRatio = medianRatio(mine, raw, Measurement::micros);
			double byteRatio = medianRatio(mine, raw, Measurement::bytes);
			List<Double> mineEight = eight.get(operation.name() + "|dynamini");
			List<Double> rawEight = eight.get(operation.name() + "|raw");
			List<Double> eightRatios = new ArrayList<>();
			for (int i = 0; i < mineEight.size(); i++) {
				eightRatios.add(mineEight.get(i) / rawEight.get(i));
			}
			table.append("| %s | %.1f | %.1f | %.2f | %.0f | %.0f | %.2f | %s | %s | %.2f (%.2f) |\n".formatted(
					operation.name(), median(mine, Measurement::micros), median(raw, Measurement::micros), timeRatio,
					median(mine, Measurement::bytes), median(raw, Measurement::bytes), byteRatio,
					peer(single.get(operation.name() + "|enhanced"), mine), peer(single.get(operation.name() + "|sca"), mine),
					median(eightRatios), timeRatio));
		}
		table.append("\nCanned-response engine: every response recorded once from the dynamini engine for that operation; ")
			.append(ROUNDS)
			.append(" alternating rounds of one-second JMH iterations (one warm-up each in the first round); ratios are "
					+ "medians of the per-round ratios; B/op is JMH's gc.alloc.rate.norm; 8 threads: µs/op per thread.\n");
		return table.toString();
	}

	/**
	 * The cost of observations: the same operations through templates without a registry, with
	 * {@code ObservationRegistry.NOOP} and with a registry feeding a {@code SimpleMeterRegistry} (Micrometer's timers and
	 * the capacity summaries), in alternating rounds, each ratio against the unobserved template of the same round.
	 */
	static String observationOverhead(Fixture fixture, Operations ops) throws Exception {
		List<Operation> operations = List.of(
				new Operation("save (update)", Map.of("dynamini", "OperationBenchmarks.saveUpdate_dynamini", "noop",
						"OperationBenchmarks.saveUpdate_noop", "meters", "OperationBenchmarks.saveUpdate_meters"),
						Map.of("dynamini", ops::saveUpdateDynamini, "noop", ops::saveUpdateNoop, "meters",
								ops::saveUpdateMetered)),
				new Operation("findById", Map.of("dynamini", "OperationBenchmarks.findById_dynamini", "noop",
						"OperationBenchmarks.findById_noop", "meters", "OperationBenchmarks.findById_meters"),
						Map.of("dynamini", ops::findByIdDynamini, "noop", ops::findByIdNoop, "meters", ops::findByIdMetered)));
		Map<String, List<Measurement>> measured = new LinkedHashMap<>();
		for (int round = 0; round < ROUNDS; round++) {
			for (Operation operation : operations) {
				for (String implementation : List.of("dynamini", "noop", "meters")) {
					measured.computeIfAbsent(operation.name() + "|" + implementation, k -> new ArrayList<>())
						.add(measure(fixture, operation, implementation, 1, round == 0 ? 1 : 0));
				}
			}
		}
		StringBuilder table = new StringBuilder("| operation | no registry µs/op | NOOP registry µs/op (ratio) | "
				+ "SimpleMeterRegistry µs/op (ratio) | B/op: none, NOOP, Simple |\n| --- | --- | --- | --- | --- |\n");
		for (Operation operation : operations) {
			List<Measurement> plain = measured.get(operation.name() + "|dynamini");
			List<Measurement> noop = measured.get(operation.name() + "|noop");
			List<Measurement> meters = measured.get(operation.name() + "|meters");
			table.append("| %s | %.1f | %.1f (%.3f) | %.1f (%.3f) | %.0f, %.0f, %.0f |\n".formatted(operation.name(),
					median(plain, Measurement::micros), median(noop, Measurement::micros),
					medianRatio(noop, plain, Measurement::micros), median(meters, Measurement::micros),
					medianRatio(meters, plain, Measurement::micros), median(plain, Measurement::bytes),
					median(noop, Measurement::bytes), median(meters, Measurement::bytes)));
		}
		table.append("\nCanned-response engine as above; ").append(ROUNDS)
			.append(" alternating rounds; ratios are medians of the per-round ratios to the template without a registry.\n");
		return table.toString();
	}

	private static Operation op(String name, String prefix, Map<String, Runnable> ops) {
		Map<String, String> benchmarks = new LinkedHashMap<>();
		for (String implementation : List.of("dynamini", "raw", "enhanced", "sca")) {
			if (ops.containsKey(implementation)) {
				benchmarks.put(implementation, prefix + "_" + implementation);
			}
		}
		return new Operation(name, benchmarks, ops);
	}

	private static List<String> implementations(Operation operation) {
		return new ArrayList<>(operation.benchmarks().keySet());
	}

	private static Measurement measure(Fixture fixture, Operation operation, String implementation, int threads,
			int warmups) throws Exception {
		Runnable op = operation.ops().get(implementation);
		CannedHttpClient http = fixture.http;
		for (int i = 0; i < 3; i++) {
			op.run();
		}
		http.mode(CannedHttpClient.Mode.RECORD);
		op.run();
		http.mode(CannedHttpClient.Mode.REPLAY);
		try {
			OptionsBuilder builder = new OptionsBuilder();
			builder.include("^" + Pattern.quote("io.dynamini.benchmark." + operation.benchmarks().get(implementation)) + "$")
				.forks(0)
				.threads(threads)
				.warmupIterations(warmups)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(1)
				.measurementTime(TimeValue.seconds(1))
				.verbosity(VerboseMode.SILENT)
				.shouldFailOnError(true);
			if (threads == 1) {
				builder.addProfiler(GCProfiler.class);
			}
			Options options = builder.build();
			RunResult result = new Runner(options).runSingle();
			Result<?> allocated = result.getSecondaryResults().get("gc.alloc.rate.norm");
			return new Measurement(result.getPrimaryResult().getScore(), allocated == null ? Double.NaN : allocated.getScore());
		}
		finally {
			http.mode(CannedHttpClient.Mode.LIVE);
		}
	}

	private static String peer(@Nullable List<Measurement> peer, List<Measurement> mine) {
		if (peer == null) {
			return "";
		}
		return "%.1f (%.2f)".formatted(median(peer, Measurement::micros), medianRatio(peer, mine, Measurement::micros));
	}

	private static double medianRatio(List<Measurement> a, List<Measurement> b,
			ToDoubleFunction<Measurement> value) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < a.size(); i++) {
			ratios.add(value.applyAsDouble(a.get(i)) / value.applyAsDouble(b.get(i)));
		}
		return median(ratios);
	}

	private static double median(List<Measurement> values, ToDoubleFunction<Measurement> value) {
		return median(values.stream().map(value::applyAsDouble).toList());
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}
}

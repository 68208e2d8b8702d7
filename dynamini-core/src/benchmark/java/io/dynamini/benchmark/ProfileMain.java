package io.dynamini.benchmark;

import java.util.Map;

/**
 * Runs one operation in a loop against the canned-response engine, for a profiler (JFR:
 * {@code -XX:StartFlightRecording}): {@code ProfileMain <operation> <seconds>}, operation one of saveNew,
 * saveUpdate, findById, delete, transaction, findAllPage.
 */
public final class ProfileMain {

	private ProfileMain() {
	}

	public static void main(String[] args) {
		Fixture fixture = Fixture.get();
		Operations ops = new Operations();
		Map<String, Runnable> operations = Map.of("saveNew", ops::saveNewDynamini, "saveUpdate", ops::saveUpdateDynamini,
				"findById", ops::findByIdDynamini, "delete", () -> ops.deleteDynamini(ops.freshForDelete()), "transaction",
				ops::transactionDynamini, "findAllPage", ops::findAllPageDynamini);
		Runnable op = operations.get(args[0]);
		long seconds = Long.parseLong(args[1]);
		for (int i = 0; i < 3; i++) {
			op.run();
		}
		fixture.http.mode(CannedHttpClient.Mode.RECORD);
		op.run();
		fixture.http.mode(CannedHttpClient.Mode.REPLAY);
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		long count = 0;
		while (System.nanoTime() < end) {
			op.run();
			count++;
		}
		System.out.printf("%s: %d operations, %.1f µs/op%n", args[0], count, seconds * 1e6 / count);
		System.exit(0);
	}
}

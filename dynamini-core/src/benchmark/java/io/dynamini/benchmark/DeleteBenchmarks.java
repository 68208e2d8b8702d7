package io.dynamini.benchmark;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Soft delete, of an entity created before each invocation (outside the measurement).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeleteBenchmarks {

	private Operations ops;

	private String id;

	@Setup(Level.Trial)
	public void setUp() {
		ops = new Operations();
	}

	@Setup(Level.Invocation)
	public void prepare() {
		id = Fixture.get().http.passThrough(ops::freshForDelete);
	}

	@Benchmark
	public void delete_dynamini() {
		ops.deleteDynamini(id);
	}

	@Benchmark
	public void delete_raw() {
		ops.deleteRaw(id);
	}
}

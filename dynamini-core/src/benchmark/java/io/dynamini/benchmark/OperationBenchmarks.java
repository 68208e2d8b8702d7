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
 * Time per operation: dynamini, the raw-SDK baseline sending the same requests, and Spring Cloud AWS.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OperationBenchmarks {

	private Operations ops;

	@Setup(Level.Trial)
	public void setUp() {
		ops = new Operations();
	}

	@Benchmark
	public void saveUpdate_noop() {
		ops.saveUpdateNoop();
	}

	@Benchmark
	public void saveUpdate_meters() {
		ops.saveUpdateMetered();
	}

	@Benchmark
	public Object findById_noop() {
		return ops.findByIdNoop();
	}

	@Benchmark
	public Object findById_meters() {
		return ops.findByIdMetered();
	}

	@Benchmark
	public Object saveNew_dynamini() {
		return ops.saveNewDynamini();
	}

	@Benchmark
	public Object saveNew_raw() {
		return ops.saveNewRaw();
	}

	@Benchmark
	public void saveNew_peer() {
		ops.saveNewPeer();
	}

	@Benchmark
	public void saveUpdate_dynamini() {
		ops.saveUpdateDynamini();
	}

	@Benchmark
	public void saveUpdate_raw() {
		ops.saveUpdateRaw();
	}

	@Benchmark
	public Object findById_dynamini() {
		return ops.findByIdDynamini();
	}

	@Benchmark
	public Object findById_raw() {
		return ops.findByIdRaw();
	}

	@Benchmark
	public Object findById_peer() {
		return ops.findByIdPeer();
	}

	@Benchmark
	public Object asOf_dynamini() {
		return ops.asOfDynamini();
	}

	@Benchmark
	public Object asOf_raw() {
		return ops.asOfRaw();
	}

	@Benchmark
	public int revisionsPage_dynamini() {
		return ops.revisionsPageDynamini();
	}

	@Benchmark
	public int revisionsPage_raw() {
		return ops.revisionsPageRaw();
	}

	@Benchmark
	public int findAllPage_dynamini() {
		return ops.findAllPageDynamini();
	}

	@Benchmark
	public int findAllPage_raw() {
		return ops.findAllPageRaw();
	}

	@Benchmark
	public int derivedPage_dynamini() {
		return ops.derivedPageDynamini();
	}

	@Benchmark
	public int derivedPage_raw() {
		return ops.derivedPageRaw();
	}

	@Benchmark
	public void saveNew_enhanced() {
		ops.saveNewEnhanced();
	}

	@Benchmark
	public void saveUpdate_enhanced() {
		ops.saveUpdateEnhanced();
	}

	@Benchmark
	public void saveUpdate_sca() {
		ops.saveUpdatePeerVersioned();
	}

	@Benchmark
	public Object findById_enhanced() {
		return ops.findByIdEnhanced();
	}

	@Benchmark
	public Object findById_sca() {
		return ops.findByIdPeerVersioned();
	}

	@Benchmark
	public void transaction_dynamini() {
		ops.transactionDynamini();
	}

	@Benchmark
	public void transaction_raw() {
		ops.transactionRaw();
	}
}

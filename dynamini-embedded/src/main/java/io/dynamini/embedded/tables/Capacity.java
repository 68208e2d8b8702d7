package io.dynamini.embedded.tables;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * Capacity units as DynamoDB counts them: reads in units of 4 KB (half for eventually consistent reads), writes in
 * units of 1 KB, at least one unit each, transactional operations twice; writes of secondary index entries count
 * for their index. One meter collects a request's units per table and index and reports them as
 * {@code ConsumedCapacity} ({@code TOTAL} or {@code INDEXES}).
 */
public final class Capacity {

	private static final double READ_UNIT = 4096;

	private static final double WRITE_UNIT = 1024;

	/** table name to its units */
	private final Map<String, Units> tables = new LinkedHashMap<>();

	private static final class Units {

		double read;

		double write;

		final Map<String, double[]> indexes = new LinkedHashMap<>();

		boolean global(String name, Table table) {
			Index index = table.index(name);
			return index != null && index.global();
		}
	}

	/** @return read units of one read of {@code bytes} (at least one unit's worth) */
	public static double readUnits(long bytes, boolean consistent) {
		double units = Math.max(1, Math.ceil(bytes / READ_UNIT));
		return consistent ? units : units / 2;
	}

	public static double writeUnits(long bytes) {
		return Math.max(1, Math.ceil(bytes / WRITE_UNIT));
	}

	public void read(Table table, String indexName, long bytes, boolean consistent, boolean transactional) {
		double units = readUnits(bytes, consistent) * (transactional ? 2 : 1);
		Units meter = tables.computeIfAbsent(table.name(), name -> new Units());
		if (indexName == null) {
			meter.read += units;
		}
		else {
			meter.indexes.computeIfAbsent(indexName, name -> new double[2])[0] += units;
		}
	}

	/** Counts an item write: the item (the larger of its old and new versions) and each index entry it changes. */
	public void write(Table table, Map<String, Value> before, Map<String, Value> after, boolean transactional) {
		double factor = transactional ? 2 : 1;
		long bytes = Math.max(before == null ? 0 : Values.itemSize(before), after == null ? 0 : Values.itemSize(after));
		Units meter = tables.computeIfAbsent(table.name(), name -> new Units());
		meter.write += writeUnits(bytes) * factor;
		for (Index index : table.indexes().values()) {
			Map<String, Value> old = before == null ? null : index.project(before, table.schema());
			Map<String, Value> now = after == null ? null : index.project(after, table.schema());
			if (java.util.Objects.equals(old, now)) {
				continue;
			}
			double units = 0;
			boolean keyChanged = old != null && now != null
					&& !index.schema().keyOf(old).equals(index.schema().keyOf(now));
			if (old != null && (now == null || keyChanged)) {
				units += writeUnits(Values.itemSize(old));
			}
			if (now != null) {
				units += writeUnits(Values.itemSize(now));
			}
			meter.indexes.computeIfAbsent(index.name(), name -> new double[2])[1] += units * factor;
		}
	}

	/** Counts a write that was refused (a failed condition still consumes the item's write units). */
	public void refusedWrite(Table table, Map<String, Value> item, boolean transactional) {
		tables.computeIfAbsent(table.name(), name -> new Units()).write += writeUnits(item == null ? 0 : Values.itemSize(item))
				* (transactional ? 2 : 1);
	}

	/**
	 * @param mode {@code TOTAL}, {@code INDEXES} or {@code NONE}/{@code null}
	 * @return the {@code ConsumedCapacity} entries, one per table, or {@code null} if none was asked for
	 */
	public List<Map<String, Object>> report(String mode, Database database) {
		if (mode == null || mode.equals("NONE")) {
			return null;
		}
		return tables.entrySet().stream().map(entry -> {
			Units units = entry.getValue();
			Table table = database.find(entry.getKey());
			double indexRead = 0;
			double indexWrite = 0;
			Map<String, Object> globals = new LinkedHashMap<>();
			Map<String, Object> locals = new LinkedHashMap<>();
			for (Map.Entry<String, double[]> index : units.indexes.entrySet()) {
				indexRead += index.getValue()[0];
				indexWrite += index.getValue()[1];
				Map<String, Object> indexUnits = describe(index.getValue()[0], index.getValue()[1]);
				(table != null && units.global(index.getKey(), table) ? globals : locals).put(index.getKey(), indexUnits);
			}
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("TableName", entry.getKey());
			report.putAll(describe(units.read + indexRead, units.write + indexWrite));
			if (mode.equals("INDEXES")) {
				report.put("Table", describe(units.read, units.write));
				if (!globals.isEmpty()) {
					report.put("GlobalSecondaryIndexes", globals);
				}
				if (!locals.isEmpty()) {
					report.put("LocalSecondaryIndexes", locals);
				}
			}
			return report;
		}).toList();
	}

	private static Map<String, Object> describe(double read, double write) {
		Map<String, Object> units = new LinkedHashMap<>();
		units.put("CapacityUnits", BigDecimal.valueOf(read + write));
		if (read > 0) {
			units.put("ReadCapacityUnits", BigDecimal.valueOf(read));
		}
		if (write > 0) {
			units.put("WriteCapacityUnits", BigDecimal.valueOf(write));
		}
		return units;
	}
}

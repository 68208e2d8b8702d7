package io.dynamini.embedded.operations;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

import io.dynamini.embedded.expressions.Ast;
import io.dynamini.embedded.expressions.Ast.Condition;
import io.dynamini.embedded.expressions.Evaluator;
import io.dynamini.embedded.expressions.Parser;
import io.dynamini.embedded.expressions.Path;
import io.dynamini.embedded.expressions.Placeholders;
import io.dynamini.embedded.protocol.AttributeJson;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.tables.Capacity;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.Index;
import io.dynamini.embedded.tables.IndexKey;
import io.dynamini.embedded.tables.ItemKey;
import io.dynamini.embedded.tables.KeySchema;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;
import io.dynamini.embedded.values.Values;

/**
 * Query and Scan, on a table or a secondary index: pages of at most 1 MB of items read (counted before the filter,
 * on an index its projected entries), {@code Limit} counting items read before the filter too, {@code Count} and
 * {@code ScannedCount}, and a {@code LastEvaluatedKey} with the index's and the table's keys.
 */
final class QueryOperations {

	private static final long PAGE_BYTES = 1024 * 1024;

	private QueryOperations() {
	}

	/** One stored entry as a read sees it: the table key, the entry (projected on an index), its index key if any. */
	private record Entry(ItemKey tableKey, ItemKey indexKey, Map<String, Value> item) {
	}

	private record Source(Table table, Index index) {

		KeySchema schema() {
			return index == null ? table.schema() : index.schema();
		}

		String name() {
			return index == null ? null : index.name();
		}
	}

	static Object query(Database database, Request request) {
		Table table = Items.table(database, request);
		Source source = source(table, request);
		Placeholders placeholders = Items.placeholders(request);
		Legacy.refuseMixing(request, List.of("KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator"),
				List.of("KeyConditionExpression", "FilterExpression", "ProjectionExpression"));
		Condition keyCondition;
		if (request.has("KeyConditionExpression")) {
			keyCondition = Parser.condition(request.string("KeyConditionExpression"), "KeyConditionExpression", placeholders);
		}
		else if (request.has("KeyConditions")) {
			keyCondition = Legacy.filter(request.map("KeyConditions"), "AND", "KeyConditions");
		}
		else {
			throw EngineException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
		}
		Condition filter = filter(request, placeholders, "QueryFilter");
		List<Path> projection = Items.projection(request, placeholders);
		placeholders.checkAllUsed();
		KeyConstraint key = KeyConstraint.of(keyCondition, source.schema());
		boolean forward = request.bool("ScanIndexForward", true);
		Map<String, Value> start = request.item("ExclusiveStartKey");
		Iterator<Entry> entries = partition(source, key.hash(), forward);
		return read(database, request, source, entries, key, filter, projection, start, forward);
	}

	static Object scan(Database database, Request request) {
		Table table = Items.table(database, request);
		Source source = source(table, request);
		Placeholders placeholders = Items.placeholders(request);
		Legacy.refuseMixing(request, List.of("ScanFilter", "AttributesToGet", "ConditionalOperator"),
				List.of("FilterExpression", "ProjectionExpression"));
		Condition filter = filter(request, placeholders, "ScanFilter");
		List<Path> projection = Items.projection(request, placeholders);
		placeholders.checkAllUsed();
		Integer segment = request.integer("Segment");
		Integer totalSegments = request.integer("TotalSegments");
		if ((segment == null) != (totalSegments == null)) {
			throw EngineException.validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
		}
		if (totalSegments != null && (totalSegments < 1 || totalSegments > 1000000 || segment < 0 || segment >= totalSegments)) {
			throw EngineException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
					+ segment + " is not less than TotalSegments: " + totalSegments);
		}
		Iterator<Entry> all = all(source);
		Iterator<Entry> entries = totalSegments == null ? all
				: filtered(all, entry -> Math.floorMod(entry.tableKey().hash().hashCode(), totalSegments) == segment, false);
		return read(database, request, source, entries, null, filter, projection, request.item("ExclusiveStartKey"), true);
	}

	private static Source source(Table table, Request request) {
		String indexName = request.string("IndexName");
		if (indexName == null) {
			return new Source(table, null);
		}
		Index index = table.index(indexName);
		if (index == null) {
			throw EngineException.validation("The table does not have the specified index: " + indexName);
		}
		if (index.global() && request.bool("ConsistentRead", false)) {
			throw EngineException.validation("Consistent reads are not supported on global secondary indexes");
		}
		return new Source(table, index);
	}

	private static Condition filter(Request request, Placeholders placeholders, String legacy) {
		if (request.has("FilterExpression")) {
			return Parser.condition(request.string("FilterExpression"), "FilterExpression", placeholders);
		}
		if (request.has(legacy)) {
			return Legacy.filter(request.map(legacy), request.string("ConditionalOperator"), legacy);
		}
		return null;
	}

	private static Iterator<Entry> partition(Source source, Value hash, boolean forward) {
		if (source.index() == null) {
			NavigableMap<ItemKey, Map<String, Value>> items = source.table().items();
			NavigableMap<ItemKey, Map<String, Value>> range = forward ? items.tailMap(new ItemKey(hash, null), true)
					: upTo(items, items.tailMap(new ItemKey(hash, null), true).keySet(), key -> !key.hash().equals(hash));
			return filtered(tableEntries(range), entry -> entry.tableKey().hash().equals(hash), true);
		}
		NavigableMap<IndexKey, Map<String, Value>> all = source.index().entries();
		IndexKey from = new IndexKey(new ItemKey(hash, null), ItemKey.LOWEST);
		NavigableMap<IndexKey, Map<String, Value>> range = forward ? all.tailMap(from, true)
				: upTo(all, all.tailMap(from, true).keySet(), key -> !key.index().hash().equals(hash));
		return filtered(indexEntries(range), entry -> entry.indexKey().hash().equals(hash), true);
	}

	/** @return {@code map} up to (excluding) the first of {@code keys} that {@code ends}, newest first */
	private static <K> NavigableMap<K, Map<String, Value>> upTo(NavigableMap<K, Map<String, Value>> map, Iterable<K> keys,
			java.util.function.Predicate<K> ends) {
		for (K key : keys) {
			if (ends.test(key)) {
				return map.headMap(key, false).descendingMap();
			}
		}
		return map.descendingMap();
	}

	private static Iterator<Entry> tableEntries(NavigableMap<ItemKey, Map<String, Value>> map) {
		Iterator<Map.Entry<ItemKey, Map<String, Value>>> entries = map.entrySet().iterator();
		return mapped(entries, next -> new Entry(next.getKey(), null, next.getValue()));
	}

	private static Iterator<Entry> indexEntries(NavigableMap<IndexKey, Map<String, Value>> map) {
		Iterator<Map.Entry<IndexKey, Map<String, Value>>> entries = map.entrySet().iterator();
		return mapped(entries, next -> new Entry(next.getKey().table(), next.getKey().index(), next.getValue()));
	}

	private static <T> Iterator<Entry> mapped(Iterator<T> source, java.util.function.Function<T, Entry> map) {
		return new Iterator<>() {
			@Override
			public boolean hasNext() {
				return source.hasNext();
			}

			@Override
			public Entry next() {
				return map.apply(source.next());
			}
		};
	}

	/**
	 * @param stop {@code true}: ends at the first entry that does not match (a partition's end); {@code false}: skips
	 * those (a scan segment)
	 */
	private static Iterator<Entry> filtered(Iterator<Entry> entries, java.util.function.Predicate<Entry> matches, boolean stop) {
		return new Iterator<>() {
			private Entry next = advance();

			private Entry advance() {
				while (entries.hasNext()) {
					Entry entry = entries.next();
					if (matches.test(entry)) {
						return entry;
					}
					if (stop) {
						return null;
					}
				}
				return null;
			}

			@Override
			public boolean hasNext() {
				return next != null;
			}

			@Override
			public Entry next() {
				Entry current = next;
				next = advance();
				return current;
			}
		};
	}

	private static Iterator<Entry> all(Source source) {
		return source.index() == null ? tableEntries(source.table().items()) : indexEntries(source.index().entries());
	}

	private static Object read(Database database, Request request, Source source, Iterator<Entry> entries, KeyConstraint key,
			Condition filter, List<Path> projection, Map<String, Value> exclusiveStart, boolean forward) {
		Integer limit = request.integer("Limit");
		if (limit != null && limit < 1) {
			throw EngineException.constraint(limit, "limit", "Member must have value greater than or equal to 1");
		}
		String select = request.string("Select");
		Items.checkEnum(select, "select", List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"));
		if (select != null && projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
			throw EngineException.validation("Cannot specify the AttributesToGet when choosing to get only the Count");
		}
		if ("ALL_PROJECTED_ATTRIBUTES".equals(select) && source.index() == null) {
			throw EngineException.validation("One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is not supported for table");
		}
		Index index = source.index();
		boolean fetchFromTable = false;
		if (index != null && index.projection() != Index.Projection.ALL) {
			Set<String> projected = index.projectedAttributes(source.table().schema());
			boolean wantsAll = "ALL_ATTRIBUTES".equals(select);
			boolean wantsOthers = projection != null && projection.stream().anyMatch(path -> !projected.contains(path.top()));
			if (wantsAll || wantsOthers) {
				if (index.global()) {
					throw EngineException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index "
							+ index.name() + " because its projection type is not ALL");
				}
				fetchFromTable = true;
			}
		}
		boolean consistent = request.bool("ConsistentRead", false);
		ItemKey startTable = null;
		ItemKey startIndex = null;
		if (exclusiveStart != null) {
			startTable = source.table().schema().keyOf(exclusiveStart);
			startIndex = index == null ? null : index.schema().keyOf(exclusiveStart);
			if (startTable == null || (index != null && startIndex == null)) {
				throw EngineException.validation("The provided starting key is invalid: The provided key element does not match the schema");
			}
		}
		boolean started = exclusiveStart == null;
		List<Map<String, Value>> items = new ArrayList<>();
		int scanned = 0;
		long bytes = 0;
		Entry last = null;
		boolean more = false;
		while (entries.hasNext()) {
			Entry entry = entries.next();
			if (!started) {
				int order = compareStart(entry, startTable, startIndex, source);
				if (forward ? order <= 0 : order >= 0) {
					continue;
				}
				started = true;
			}
			if (key != null && !key.matchesRange(entry.item())) {
				continue;
			}
			if ((limit != null && scanned >= limit) || bytes >= PAGE_BYTES) {
				more = true;
				break;
			}
			Map<String, Value> item = fetchFromTable ? source.table().get(entry.tableKey()) : entry.item();
			scanned++;
			bytes += Values.itemSize(entry.item());
			last = entry;
			if (filter == null || Evaluator.test(filter, item)) {
				items.add(item);
			}
		}
		Capacity capacity = new Capacity();
		capacity.read(source.table(), source.name(), bytes, consistent, false);
		Map<String, Object> response = new LinkedHashMap<>();
		if (!"COUNT".equals(select)) {
			List<Object> written = new ArrayList<>(items.size());
			for (Map<String, Value> item : items) {
				written.add(AttributeJson.writeItem(projection == null ? item : Evaluator.project(item, projection)));
			}
			response.put("Items", written);
		}
		response.put("Count", items.size());
		response.put("ScannedCount", scanned);
		if (more && last != null) {
			Map<String, Value> lastKey = new LinkedHashMap<>(source.table().schema().extract(last.item()));
			if (index != null) {
				lastKey.putAll(index.schema().extract(last.item()));
			}
			response.put("LastEvaluatedKey", AttributeJson.writeItem(lastKey));
		}
		String mode = request.string("ReturnConsumedCapacity");
		List<Map<String, Object>> report = capacity.report(mode, database);
		if (report != null && !report.isEmpty()) {
			response.put("ConsumedCapacity", report.get(0));
		}
		return response;
	}

	private static int compareStart(Entry entry, ItemKey startTable, ItemKey startIndex, Source source) {
		if (source.index() != null) {
			return IndexKey.ORDER.compare(new IndexKey(entry.indexKey(), entry.tableKey()), new IndexKey(startIndex, startTable));
		}
		return ItemKey.ORDER.compare(entry.tableKey(), startTable);
	}

	/** A key condition taken apart: the partition key's value and a condition on the sort key, if any. */
	record KeyConstraint(Value hash, Condition range) {

		boolean matchesRange(Map<String, Value> item) {
			return range == null || Evaluator.test(range, item);
		}

		static KeyConstraint of(Condition condition, KeySchema schema) {
			List<Condition> parts = new ArrayList<>();
			flatten(condition, parts);
			Value hash = null;
			Condition range = null;
			for (Condition part : parts) {
				String attribute = attribute(part);
				if (attribute.equals(schema.hash()) && part instanceof Ast.Comparison comparison && comparison.op().equals("=")) {
					if (hash != null) {
						throw EngineException.validation("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
					}
					hash = literal(comparison.right(), schema.hashType(), attribute);
				}
				else if (attribute.equals(schema.range())) {
					if (range != null) {
						throw EngineException.validation("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
					}
					if (part instanceof Ast.Comparison comparison && comparison.op().equals("<>")) {
						throw EngineException.validation("Invalid KeyConditionExpression: Unsupported operator in KeyConditionExpression: <>");
					}
					checkRangeOperand(part, schema.rangeType(), attribute);
					range = part;
				}
				else if (attribute.equals(schema.hash())) {
					throw EngineException.validation("Query key condition not supported");
				}
				else {
					throw EngineException.validation("Query condition missed key schema element: " + schema.hash());
				}
			}
			if (hash == null) {
				throw EngineException.validation("Query condition missed key schema element: " + schema.hash());
			}
			return new KeyConstraint(hash, range);
		}

		private static void flatten(Condition condition, List<Condition> parts) {
			if (condition instanceof Ast.And and) {
				flatten(and.left(), parts);
				flatten(and.right(), parts);
			}
			else if (condition instanceof Ast.Or || condition instanceof Ast.Not || condition instanceof Ast.In) {
				throw EngineException.validation("Invalid operator used in KeyConditionExpression: "
						+ (condition instanceof Ast.Or ? "OR" : condition instanceof Ast.Not ? "NOT" : "IN"));
			}
			else {
				parts.add(condition);
			}
		}

		private static String attribute(Condition part) {
			Ast.Operand operand = part instanceof Ast.Comparison comparison ? comparison.left()
					: part instanceof Ast.Between between ? between.value() : null;
			if (operand instanceof Ast.PathOperand path && path.path().isTopLevel()) {
				return path.path().top();
			}
			if (part instanceof Ast.Function function && function.name().equals("begins_with") && function.path().isTopLevel()) {
				return function.path().top();
			}
			if (part instanceof Ast.Function function) {
				throw EngineException.validation("Invalid KeyConditionExpression: Invalid function name; function: " + function.name());
			}
			throw EngineException.validation("Invalid KeyConditionExpression: Syntax error");
		}

		private static Value literal(Ast.Operand operand, Value.Type type, String attribute) {
			if (!(operand instanceof Ast.Literal literal)) {
				throw EngineException.validation("Invalid KeyConditionExpression: The key condition must compare an attribute with a value");
			}
			if (literal.value().type() != type) {
				throw EngineException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
			}
			return literal.value();
		}

		private static void checkRangeOperand(Condition part, Value.Type type, String attribute) {
			if (part instanceof Ast.Comparison comparison) {
				literal(comparison.right(), type, attribute);
			}
			else if (part instanceof Ast.Between between) {
				literal(between.low(), type, attribute);
				literal(between.high(), type, attribute);
			}
			else if (part instanceof Ast.Function function) {
				Value prefix = literal(function.argument(), function.argument() instanceof Ast.Literal l ? l.value().type() : type, attribute);
				if (type == Value.Type.N) {
					throw EngineException.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
				}
				if (prefix.type() != type) {
					throw EngineException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
				}
			}
		}
	}
}

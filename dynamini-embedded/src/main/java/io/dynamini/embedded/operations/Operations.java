package io.dynamini.embedded.operations;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.dynamini.embedded.faults.FaultRules;
import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.tables.Database;

/**
 * The table of contents: every operation the engine serves, by its {@code X-Amz-Target}. Each runs alone against the
 * database ({@link Database#atomically}), after the faults planned for it had their say.
 */
public final class Operations {

	private static final String DYNAMODB = "DynamoDB_20120810.";

	private static final String STREAMS = "DynamoDBStreams_20120810.";

	@FunctionalInterface
	private interface Operation {

		Object handle(Database database, Request request);
	}

	private final Database database;

	private final FaultRules faults;

	private final Map<String, Operation> operations;

	public Operations(Database database, FaultRules faults) {
		this.database = database;
		this.faults = faults;
		this.operations = Map.ofEntries(
				Map.entry(DYNAMODB + "CreateTable", TableOperations::createTable),
				Map.entry(DYNAMODB + "DeleteTable", TableOperations::deleteTable),
				Map.entry(DYNAMODB + "DescribeTable", TableOperations::describeTable),
				Map.entry(DYNAMODB + "ListTables", TableOperations::listTables),
				Map.entry(DYNAMODB + "UpdateTable", TableOperations::updateTable),
				Map.entry(DYNAMODB + "UpdateTimeToLive", TableOperations::updateTimeToLive),
				Map.entry(DYNAMODB + "DescribeTimeToLive", TableOperations::describeTimeToLive),
				Map.entry(DYNAMODB + "TagResource", TableOperations::tagResource),
				Map.entry(DYNAMODB + "UntagResource", TableOperations::untagResource),
				Map.entry(DYNAMODB + "ListTagsOfResource", TableOperations::listTagsOfResource),
				Map.entry(DYNAMODB + "UpdateContinuousBackups", TableOperations::updateContinuousBackups),
				Map.entry(DYNAMODB + "DescribeContinuousBackups", TableOperations::describeContinuousBackups),
				Map.entry(DYNAMODB + "PutItem", ItemOperations::putItem),
				Map.entry(DYNAMODB + "GetItem", ItemOperations::getItem),
				Map.entry(DYNAMODB + "UpdateItem", ItemOperations::updateItem),
				Map.entry(DYNAMODB + "DeleteItem", ItemOperations::deleteItem),
				Map.entry(DYNAMODB + "Query", QueryOperations::query),
				Map.entry(DYNAMODB + "Scan", QueryOperations::scan),
				Map.entry(DYNAMODB + "BatchGetItem", (db, request) -> BatchOperations.batchGetItem(db, request, limit("BatchGetItem", request))),
				Map.entry(DYNAMODB + "BatchWriteItem", (db, request) -> BatchOperations.batchWriteItem(db, request, limit("BatchWriteItem", request))),
				Map.entry(DYNAMODB + "TransactWriteItems", (db, request) -> {
					throw new IllegalStateException("TransactWriteItems runs in two phases");
				}),
				Map.entry(DYNAMODB + "TransactGetItems", TransactOperations::transactGetItems),
				Map.entry(DYNAMODB + "DescribeEndpoints", (db, request) -> Map.of("Endpoints",
						java.util.List.of(Map.of("Address", "127.0.0.1", "CachePeriodInMinutes", 1440)))),
				Map.entry(STREAMS + "ListStreams", StreamOperations::listStreams),
				Map.entry(STREAMS + "DescribeStream", StreamOperations::describeStream),
				Map.entry(STREAMS + "GetShardIterator", StreamOperations::getShardIterator),
				Map.entry(STREAMS + "GetRecords", StreamOperations::getRecords));
	}

	private int limit(String operation, Request request) {
		return faults.partialBatchLimit(operation, tablesOf(request));
	}

	/**
	 * The outcome of one request: its response body, and whether the response is to be lost after the request was
	 * applied (a fault).
	 */
	public record Outcome(Object body, boolean lost) {
	}

	/**
	 * Runs one request.
	 *
	 * @param target the {@code X-Amz-Target} header
	 * @param body the parsed JSON body
	 * @return the response body
	 * @throws EngineException the error to answer with
	 */
	public Outcome handle(String target, Object body) {
		Operation operation = target == null ? null : operations.get(target);
		if (operation == null) {
			throw EngineException.unknownOperation(target);
		}
		Request request = new Request(body);
		String name = target.substring(target.indexOf('.') + 1);
		Set<String> tables = tablesOf(request);
		faults.beforeOperation(name, tables);
		Object response;
		if (name.equals("TransactWriteItems")) {
			response = transactWriteItems(request, tables);
		}
		else {
			response = database.atomically(() -> {
				Object result = operation.handle(database, request);
				database.storage().commit();
				return result;
			});
		}
		return new Outcome(response, faults.loseResponse(name, tables));
	}

	/**
	 * A transaction in two phases, each under the lock: prepare (conditions, items held) and commit (writes, items
	 * let go). Between them other requests run: a plain write of a held item is a {@code TransactionConflictException},
	 * an overlapping transaction is cancelled with {@code TransactionConflict}, as in DynamoDB. A hold fault widens the
	 * gap, for deterministic tests.
	 */
	private Object transactWriteItems(Request request, Set<String> tables) {
		Object prepared = database.atomically(() -> TransactOperations.prepare(database, request));
		if (!(prepared instanceof TransactOperations.Prepared transaction)) {
			return prepared;
		}
		try {
			long hold = faults.transactionHoldMillis(tables);
			if (hold > 0) {
				Thread.sleep(hold);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return database.atomically(() -> {
			Object result = TransactOperations.commit(database, transaction);
			database.storage().commit();
			return result;
		});
	}

	/** @return every table the request names: its table, a batch's tables, every action's table of a transaction */
	private static Set<String> tablesOf(Request request) {
		Set<String> tables = new LinkedHashSet<>();
		if (request.body().get("TableName") instanceof String name) {
			tables.add(name);
		}
		if (request.body().get("RequestItems") instanceof Map<?, ?> items) {
			items.keySet().forEach(name -> tables.add(String.valueOf(name)));
		}
		if (request.body().get("TransactItems") instanceof java.util.List<?> actions) {
			for (Object action : actions) {
				if (action instanceof Map<?, ?> kinds) {
					for (Object operation : kinds.values()) {
						if (operation instanceof Map<?, ?> fields && fields.get("TableName") instanceof String name) {
							tables.add(name);
						}
					}
				}
			}
		}
		return tables;
	}
}

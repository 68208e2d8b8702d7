package io.dynamini.embedded.operations;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.dynamini.embedded.protocol.EngineException;
import io.dynamini.embedded.protocol.Request;
import io.dynamini.embedded.streams.StreamLog;
import io.dynamini.embedded.tables.Database;
import io.dynamini.embedded.tables.Index;
import io.dynamini.embedded.tables.KeySchema;
import io.dynamini.embedded.tables.Table;
import io.dynamini.embedded.values.Value;

/**
 * The control plane: CreateTable, DeleteTable, DescribeTable, ListTables, UpdateTable (indexes, stream, billing,
 * deletion protection), UpdateTimeToLive and DescribeTimeToLive, tags, and continuous backups (accepted and
 * reported). Tables are ACTIVE at once.
 */
final class TableOperations {

	private TableOperations() {
	}

	static Object createTable(Database database, Request request) {
		String name = request.string("TableName");
		Items.checkTableName(name == null ? "" : name, "tableName");
		Map<String, Value.Type> types = attributeTypes(request);
		KeySchema schema = keySchema(request.list("KeySchema"), types, "keySchema");
		Set<String> used = new LinkedHashSet<>(schema.names());
		List<Index> indexes = new ArrayList<>();
		List<Object> locals = request.list("LocalSecondaryIndexes");
		if (locals != null) {
			for (Object json : locals) {
				Index index = index(new Request(json), types, false);
				if (!index.schema().hash().equals(schema.hash()) || !index.schema().hasRange()) {
					throw EngineException.validation("One or more parameter values were invalid: Index KeySchema does not have a range key for index: "
							+ index.name());
				}
				used.addAll(index.schema().names());
				indexes.add(index);
			}
		}
		String billing = request.string("BillingMode") == null ? "PROVISIONED" : request.string("BillingMode");
		Items.checkEnum(billing, "billingMode", List.of("PROVISIONED", "PAY_PER_REQUEST"));
		List<Object> globals = request.list("GlobalSecondaryIndexes");
		if (globals != null) {
			for (Object json : globals) {
				Request indexRequest = new Request(json);
				Index index = index(indexRequest, types, true);
				checkThroughput(billing, indexRequest.map("ProvisionedThroughput"), "index " + index.name());
				index.setThroughput(indexRequest.map("ProvisionedThroughput"), indexRequest.map("OnDemandThroughput"));
				used.addAll(index.schema().names());
				indexes.add(index);
			}
		}
		if (!used.equals(types.keySet())) {
			throw EngineException.validation("One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: "
					+ types.keySet() + ", keys used: " + used);
		}
		checkThroughput(billing, request.map("ProvisionedThroughput"), "table");
		if (database.find(name) != null) {
			throw EngineException.resourceInUse("Table already exists: " + name);
		}
		String arn = "arn:aws:dynamodb:" + database.region() + ":" + database.account() + ":table/" + name;
		Table table = new Table(name, arn, UUID.randomUUID().toString(), BigDecimal.valueOf(database.nowMillis()).movePointLeft(3),
				schema, types);
		table.setBilling(billing, request.map("ProvisionedThroughput"), request.map("OnDemandThroughput"));
		indexes.forEach(table::addIndex);
		Request streams = request.nested("StreamSpecification");
		if (streams != null && streams.bool("StreamEnabled", false)) {
			table.setStream(newStream(database, table, streams));
		}
		table.setDeletionProtection(request.bool("DeletionProtectionEnabled", false));
		List<Object> tags = request.list("Tags");
		if (tags != null) {
			addTags(table, tags);
		}
		if (request.has("TableClass")) {
			table.setTableClass(Map.of("TableClass", request.string("TableClass")));
		}
		database.add(table);
		database.storage().saveTable(table);
		return Map.of("TableDescription", table.describe("ACTIVE"));
	}

	private static StreamLog newStream(Database database, Table table, Request specification) {
		String viewType = specification.string("StreamViewType");
		if (viewType == null) {
			throw EngineException.validation("One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true");
		}
		Items.checkEnum(viewType, "streamSpecification.streamViewType", List.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"));
		return new StreamLog(table.arn(), viewType, database.streamSettings(), database.nowMillis(), database.nextStreamBase(),
				database.region());
	}

	private static void checkThroughput(String billing, Map<String, Object> throughput, String what) {
		if (billing.equals("PROVISIONED") && throughput == null) {
			throw EngineException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
		}
		if (billing.equals("PAY_PER_REQUEST") && throughput != null) {
			throw EngineException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
		}
	}

	private static Map<String, Value.Type> attributeTypes(Request request) {
		List<Object> definitions = request.list("AttributeDefinitions");
		if (definitions == null) {
			throw EngineException.constraint(null, "attributeDefinitions", "Member must not be null");
		}
		Map<String, Value.Type> types = new LinkedHashMap<>();
		for (Object json : definitions) {
			Request definition = new Request(json);
			String type = definition.requiredString("AttributeType");
			Items.checkEnum(type, "attributeDefinitions.member.attributeType", List.of("B", "N", "S"));
			if (types.put(definition.requiredString("AttributeName"), Value.Type.valueOf(type)) != null) {
				throw EngineException.validation("Cannot have two attributes with the same name");
			}
		}
		return types;
	}

	private static KeySchema keySchema(List<Object> elements, Map<String, Value.Type> types, String member) {
		if (elements == null || elements.isEmpty() || elements.size() > 2) {
			throw EngineException.constraint(elements, member, "Member must have length less than or equal to 2");
		}
		String hash = null;
		String range = null;
		for (Object json : elements) {
			Request element = new Request(json);
			String name = element.requiredString("AttributeName");
			String type = element.requiredString("KeyType");
			if (type.equals("HASH") && hash == null) {
				hash = name;
			}
			else if (type.equals("RANGE") && range == null) {
				range = name;
			}
			else {
				throw EngineException.validation("Invalid KeySchema: Some index key attribute have no definition");
			}
		}
		if (hash == null) {
			throw EngineException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
		}
		for (String name : range == null ? List.of(hash) : List.of(hash, range)) {
			if (!types.containsKey(name)) {
				throw EngineException.validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: ["
						+ name + "], AttributeDefinitions: " + types.keySet());
			}
		}
		return new KeySchema(hash, types.get(hash), range, range == null ? null : types.get(range));
	}

	private static Index index(Request request, Map<String, Value.Type> types, boolean global) {
		String name = request.requiredString("IndexName");
		KeySchema schema = keySchema(request.list("KeySchema"), types, "indexKeySchema");
		Request projection = request.nested("Projection");
		String type = projection == null || projection.string("ProjectionType") == null ? "ALL" : projection.string("ProjectionType");
		Items.checkEnum(type, "projection.projectionType", List.of("ALL", "KEYS_ONLY", "INCLUDE"));
		List<String> nonKey = new ArrayList<>();
		if (projection != null && projection.list("NonKeyAttributes") != null) {
			for (Object attribute : projection.list("NonKeyAttributes")) {
				nonKey.add((String) attribute);
			}
		}
		if (!type.equals("INCLUDE") && !nonKey.isEmpty()) {
			throw EngineException.validation("One or more parameter values were invalid: ProjectionType is " + type
					+ ", but NonKeyAttributes is specified");
		}
		return new Index(name, global, schema, Index.Projection.valueOf(type), nonKey);
	}

	static Object deleteTable(Database database, Request request) {
		Table table = Items.table(database, request);
		if (table.deletionProtection()) {
			throw EngineException.validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
		}
		database.remove(table.name());
		database.storage().dropTable(table.name());
		return Map.of("TableDescription", table.describe("DELETING"));
	}

	static Object describeTable(Database database, Request request) {
		return Map.of("Table", Items.table(database, request).describe("ACTIVE"));
	}

	static Object listTables(Database database, Request request) {
		Integer limit = request.integer("Limit");
		String start = request.string("ExclusiveStartTableName");
		List<String> names = new ArrayList<>();
		String last = null;
		for (Table table : database.tables()) {
			if (start != null && table.name().compareTo(start) <= 0) {
				continue;
			}
			if (limit != null && names.size() >= limit) {
				last = names.get(names.size() - 1);
				break;
			}
			names.add(table.name());
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("TableNames", names);
		if (last != null) {
			response.put("LastEvaluatedTableName", last);
		}
		return response;
	}

	static Object updateTable(Database database, Request request) {
		Table table = Items.table(database, request);
		Map<String, Value.Type> types = new LinkedHashMap<>(table.attributeTypes());
		if (request.list("AttributeDefinitions") != null) {
			types.putAll(attributeTypes(request));
		}
		if (request.has("BillingMode") || request.has("ProvisionedThroughput") || request.has("OnDemandThroughput")) {
			String billing = request.string("BillingMode") == null ? table.billingMode() : request.string("BillingMode");
			table.setBilling(billing, request.map("ProvisionedThroughput"), request.map("OnDemandThroughput"));
		}
		List<Object> updates = request.list("GlobalSecondaryIndexUpdates");
		if (updates != null) {
			for (Object json : updates) {
				Request update = new Request(json);
				if (update.has("Create")) {
					Request create = update.nested("Create");
					Index index = index(create, types, true);
					if (table.index(index.name()) != null) {
						throw EngineException.validation("One or more parameter values were invalid: Index with name " + index.name() + " already exists");
					}
					index.setThroughput(create.map("ProvisionedThroughput"), create.map("OnDemandThroughput"));
					table.attributeTypes().putAll(types);
					table.addIndex(index);
				}
				else if (update.has("Delete")) {
					String indexName = update.nested("Delete").requiredString("IndexName");
					if (table.index(indexName) == null || !table.index(indexName).global()) {
						throw EngineException.resourceNotFound("Requested resource not found: Index " + indexName + " not found");
					}
					table.indexes().remove(indexName);
				}
				else if (update.has("Update")) {
					Request change = update.nested("Update");
					Index index = table.index(change.requiredString("IndexName"));
					if (index == null) {
						throw EngineException.resourceNotFound("Requested resource not found");
					}
					index.setThroughput(change.map("ProvisionedThroughput"), change.map("OnDemandThroughput"));
				}
			}
		}
		Request streams = request.nested("StreamSpecification");
		if (streams != null) {
			boolean enable = streams.bool("StreamEnabled", false);
			StreamLog current = table.stream();
			if (enable) {
				if (current != null && current.enabled()) {
					throw EngineException.validation("Table already has an enabled stream: " + current.arn());
				}
				table.setStream(newStream(database, table, streams));
			}
			else {
				if (current == null || !current.enabled()) {
					throw EngineException.validation("Table already has no enabled stream");
				}
				current.disable(database.nowMillis());
			}
		}
		if (request.has("DeletionProtectionEnabled")) {
			table.setDeletionProtection(request.bool("DeletionProtectionEnabled", false));
		}
		if (request.has("TableClass")) {
			table.setTableClass(Map.of("TableClass", request.string("TableClass")));
		}
		database.storage().saveTable(table);
		return Map.of("TableDescription", table.describe("ACTIVE"));
	}

	static Object updateTimeToLive(Database database, Request request) {
		Table table = Items.table(database, request);
		Request specification = request.nested("TimeToLiveSpecification");
		if (specification == null) {
			throw EngineException.constraint(null, "timeToLiveSpecification", "Member must not be null");
		}
		boolean enabled = specification.bool("Enabled", false);
		String attribute = specification.requiredString("AttributeName");
		if (enabled && table.timeToLiveAttribute() != null) {
			throw EngineException.validation("TimeToLive is already enabled");
		}
		if (!enabled && table.timeToLiveAttribute() == null) {
			throw EngineException.validation("TimeToLive is already disabled");
		}
		table.setTimeToLiveAttribute(enabled ? attribute : null);
		database.storage().saveTable(table);
		return Map.of("TimeToLiveSpecification", Map.of("Enabled", enabled, "AttributeName", attribute));
	}

	static Object describeTimeToLive(Database database, Request request) {
		Table table = Items.table(database, request);
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("TimeToLiveStatus", table.timeToLiveAttribute() == null ? "DISABLED" : "ENABLED");
		if (table.timeToLiveAttribute() != null) {
			description.put("AttributeName", table.timeToLiveAttribute());
		}
		return Map.of("TimeToLiveDescription", description);
	}

	private static Table byArn(Database database, Request request) {
		String arn = request.requiredString("ResourceArn");
		for (Table table : database.tables()) {
			if (table.arn().equals(arn)) {
				return table;
			}
		}
		throw EngineException.resourceNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
	}

	private static void addTags(Table table, List<Object> tags) {
		for (Object json : tags) {
			Request tag = new Request(json);
			table.tags().put(tag.requiredString("Key"), tag.requiredString("Value"));
		}
	}

	static Object tagResource(Database database, Request request) {
		Table table = byArn(database, request);
		addTags(table, request.list("Tags"));
		database.storage().saveTable(table);
		return Map.of();
	}

	static Object untagResource(Database database, Request request) {
		Table table = byArn(database, request);
		for (Object key : request.list("TagKeys")) {
			table.tags().remove(key);
		}
		database.storage().saveTable(table);
		return Map.of();
	}

	static Object listTagsOfResource(Database database, Request request) {
		Table table = byArn(database, request);
		List<Object> tags = new ArrayList<>();
		table.tags().forEach((key, value) -> tags.add(Map.of("Key", key, "Value", value)));
		return Map.of("Tags", tags);
	}

	static Object updateContinuousBackups(Database database, Request request) {
		Table table = Items.table(database, request);
		Request specification = request.nested("PointInTimeRecoverySpecification");
		if (specification == null) {
			throw EngineException.constraint(null, "pointInTimeRecoverySpecification", "Member must not be null");
		}
		table.setPointInTimeRecovery(specification.bool("PointInTimeRecoveryEnabled", false));
		return Map.of("ContinuousBackupsDescription", continuousBackups(table));
	}

	static Object describeContinuousBackups(Database database, Request request) {
		return Map.of("ContinuousBackupsDescription", continuousBackups(Items.table(database, request)));
	}

	private static Map<String, Object> continuousBackups(Table table) {
		return Map.of("ContinuousBackupsStatus", "ENABLED", "PointInTimeRecoveryDescription",
				Map.of("PointInTimeRecoveryStatus", table.pointInTimeRecovery() ? "ENABLED" : "DISABLED"));
	}
}

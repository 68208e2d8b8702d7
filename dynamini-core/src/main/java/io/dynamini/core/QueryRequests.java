package io.dynamini.core;

import java.util.ArrayList;
import java.util.List;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.IndexDefinition;
import io.dynamini.core.query.Criterion;
import io.dynamini.core.query.DynaminiQuery;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyPath;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Translates a {@link DynaminiQuery} into a DynamoDB {@link QueryRequest}: the key condition on the chosen index
 * and a filter expression on the entity's state, in the one placeholder scheme of {@link Placeholders}.
 */
final class QueryRequests {

	private final Placeholders placeholders = new Placeholders();

	private final DynaminiEntityConverter converter;

	private QueryRequests(DynaminiEntityConverter converter) {
		this.converter = converter;
	}

	/**
	 * @return the request (without paging parameters) and the names of the index's key attributes
	 */
	static Built build(String tableName, String tenant, String typeName, DynaminiQuery query,
			DynaminiEntityConverter converter) {
		return build(tableName, tenant, typeName, query, false, null, converter);
	}

	/**
	 * @param deleted whether to read the partition of deleted entities instead of live ones
	 * @param aliveAt for types with an {@code @ExpiresAt}: the instant (epoch milliseconds) at which a listed entity
	 * must not have expired; {@code null} for types without
	 */
	static Built build(String tableName, String tenant, String typeName, DynaminiQuery query, boolean deleted,
			@Nullable Long aliveAt, DynaminiEntityConverter converter) {
		QueryRequests builder = new QueryRequests(converter);
		IndexDefinition index = query.index();
		List<String> filters = new ArrayList<>();
		String keyCondition;
		String indexName;
		List<String> indexKeys;
		String partitionValue;
		if (index == null) {
			indexName = TableLayout.TYPE_INDEX;
			indexKeys = List.of(TableLayout.TYPE_PARTITION_KEY, TableLayout.TYPE_SORT_KEY);
			partitionValue = ItemKeys.typePartitionKey(tenant, typeName, deleted);
			keyCondition = builder.name(TableLayout.TYPE_PARTITION_KEY) + " = "
					+ builder.value(AttributeValue.fromS(partitionValue));
		}
		else {
			indexName = TableLayout.genericIndex(index.slot());
			indexKeys = List.of(TableLayout.genericPartitionKey(index.slot()), TableLayout.genericSortKey(index.slot()));
			partitionValue = IndexAttributes.partitionKey(tenant, typeName, index, query.partitionValue(), deleted);
			keyCondition = builder.name(TableLayout.genericPartitionKey(index.slot())) + " = "
					+ builder.value(AttributeValue.fromS(partitionValue));
			Criterion sort = query.sortCondition();
			if (sort != null) {
				keyCondition += " AND " + builder.sortKeyCondition(index, sort, filters);
			}
		}
		for (Criterion filter : query.filters()) {
			filters.add(builder.filter(filter));
		}
		if (aliveAt != null) {
			String expiresAt = builder.name(TableLayout.EXPIRES_AT);
			filters.add("(attribute_not_exists(" + expiresAt + ") OR " + expiresAt + " > "
					+ builder.value(AttributeValue.fromN(Long.toString(aliveAt))) + ")");
		}
		QueryRequest.Builder request = QueryRequest.builder()
			.tableName(tableName)
			.indexName(indexName)
			.keyConditionExpression(builder.placeholders.expression(keyCondition).expression())
			.scanIndexForward(query.ascending())
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
		if (!filters.isEmpty()) {
			request.filterExpression(builder.placeholders.expression(String.join(" AND ", filters)).expression());
		}
		request.expressionAttributeNames(builder.placeholders.names())
			.expressionAttributeValues(builder.placeholders.values());
		return new Built(request, indexKeys, partitionValue, !filters.isEmpty());
	}

	/**
	 * @param request the request
	 * @param indexKeys the index's partition and sort key attributes
	 * @param partitionValue the index partition key the request reads
	 * @param filtered whether the request has a filter expression (not every item read is a result)
	 */
	record Built(QueryRequest.Builder request, List<String> indexKeys, String partitionValue, boolean filtered) {
	}

	private String sortKeyCondition(IndexDefinition index, Criterion sort, List<String> filters) {
		String key = name(TableLayout.genericSortKey(index.slot()));
		List<Object> operands = sort.values();
		return switch (sort.operator()) {
			case EQ -> key + " = " + sortValue(operands.get(0));
			case LE -> key + " BETWEEN " + value(AttributeValue.fromS(IndexAttributes.SORT_VALUE_PREFIX)) + " AND "
					+ sortValue(operands.get(0));
			case LT -> {
				// BETWEEN is inclusive: exclude the bound itself with a filter (only items equal to it are read twice)
				filters.add("NOT (" + path(sort.path()) + " = " + value(converter.toAttributeValue(operands.get(0))) + ")");
				yield key + " BETWEEN " + value(AttributeValue.fromS(IndexAttributes.SORT_VALUE_PREFIX)) + " AND "
						+ sortValue(operands.get(0));
			}
			case GT -> key + " > " + sortValue(operands.get(0));
			case GE -> key + " >= " + sortValue(operands.get(0));
			case BETWEEN -> key + " BETWEEN " + sortValue(operands.get(0)) + " AND " + sortValue(operands.get(1));
			case BEGINS_WITH -> "begins_with(" + key + ", " + sortValue(operands.get(0)) + ")";
			default -> throw new InvalidDataAccessApiUsageException(sort.operator() + " is not a key condition");
		};
	}

	private String filter(Criterion criterion) {
		String path = path(criterion.path());
		List<Object> operands = criterion.values();
		return switch (criterion.operator()) {
			case EQ -> path + " = " + stateValue(operands.get(0));
			case NE -> path + " <> " + stateValue(operands.get(0));
			case LT -> path + " < " + stateValue(operands.get(0));
			case LE -> path + " <= " + stateValue(operands.get(0));
			case GT -> path + " > " + stateValue(operands.get(0));
			case GE -> path + " >= " + stateValue(operands.get(0));
			case BETWEEN -> path + " BETWEEN " + stateValue(operands.get(0)) + " AND " + stateValue(operands.get(1));
			case BEGINS_WITH -> "begins_with(" + path + ", " + stateValue(operands.get(0)) + ")";
			case CONTAINS -> "contains(" + path + ", " + stateValue(operands.get(0)) + ")";
			case IN -> path + " IN (" + String.join(", ", operands.stream().map(this::stateValue).toList()) + ")";
			case IS_NULL -> "(attribute_not_exists(" + path + ") OR attribute_type(" + path + ", "
					+ value(AttributeValue.fromS("NULL")) + "))";
			case IS_NOT_NULL -> "(attribute_exists(" + path + ") AND NOT attribute_type(" + path + ", "
					+ value(AttributeValue.fromS("NULL")) + "))";
		};
	}

	private String path(PropertyPath path) {
		StringBuilder expression = new StringBuilder(name(TableLayout.STATE));
		for (PropertyPath segment = path; segment != null; segment = segment.next()) {
			expression.append('.').append(name(segment.getSegment()));
		}
		return expression.toString();
	}

	private String sortValue(Object value) {
		return value(AttributeValue.fromS(IndexAttributes.sortKey(value)));
	}

	private String stateValue(Object value) {
		return value(converter.toAttributeValue(value));
	}

	private String name(String attribute) {
		return placeholders.name(attribute);
	}

	private String value(AttributeValue value) {
		return placeholders.value(value);
	}
}

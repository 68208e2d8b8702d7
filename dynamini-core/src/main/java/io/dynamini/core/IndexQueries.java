package io.dynamini.core;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPage;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.Revision;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Runs {@link DynaminiQuery}s on the type index and the generic indexes: pages that never truncate, counts, lazy
 * streams, and the newest revision of every match with deleted entities included.
 */
final class IndexQueries {

	private final String tableName;

	private final SdkExecutor executor;

	private final DynaminiEntityConverter converter;

	private final LifecycleCallbacks callbacks;

	IndexQueries(String tableName, SdkExecutor executor, DynaminiEntityConverter converter, LifecycleCallbacks callbacks) {
		this.callbacks = callbacks;
		this.tableName = tableName;
		this.executor = executor;
		this.converter = converter;
	}

	<T> List<Revision<Long, T>> findLatestRevisions(Class<T> type, String typeName, String tenant, DynaminiQuery query,
			@Nullable Long aliveAt) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		String sortKey = null;
		for (boolean deleted : new boolean[] { false, true }) {
			QueryRequests.Built built = QueryRequests.build(tableName, tenant, typeName, query, deleted, aliveAt,
					converter);
			sortKey = built.indexKeys().get(1);
			QueryRequest request = built.request().build();
			items.addAll(executor.queryAll("query of " + typeName, request));
		}
		String orderBy = sortKey;
		Comparator<Map<String, AttributeValue>> order = Comparator.comparing(item -> item.get(orderBy).s());
		items.sort(query.ascending() ? order : order.reversed());
		List<Revision<Long, T>> result = new ArrayList<>(items.size());
		for (Map<String, AttributeValue> item : items) {
			LatestItem latest = StoredData.decode(() -> describe(type, item), () -> Objects.requireNonNull(LatestItem.from(item)));
			Revision<Long, T> revision = StoredData.decode(() -> describe(type, item), () -> latest.toRevision(type, converter));
			result.add(Revision.of(revision.getMetadata(), callbacks.afterConvert(revision.getEntity(), latest.state())));
		}
		return result;
	}

	<T> QueryPage<T> query(Class<T> type, String typeName, String tenant, DynaminiQuery query,
			@Nullable Map<String, Object> after, long skip, int limit, @Nullable Long aliveAt) {
		QueryRequests.Built built = QueryRequests.build(tableName, tenant, typeName, query, false, aliveAt, converter);
		Map<String, AttributeValue> start = after == null ? null : ScrollPositions.startKey(after, built.indexKeys(), built.partitionValue());
		List<T> content = new ArrayList<>();
		List<Map<String, AttributeValue>> read = new ArrayList<>();
		long toSkip = skip;
		boolean hasNext = false;
		String context = "query of " + typeName;
		reading: while (true) {
			long wanted = toSkip + (limit - content.size()) + 1;
			QueryRequest.Builder request = built.request().exclusiveStartKey(start);
			if (wanted < Integer.MAX_VALUE) {
				// without a filter every item read is a result: read exactly what is needed (one more shows hasNext)
				request.limit(!built.filtered() ? (int) wanted : (int) Math.max(wanted, 100));
			}
			else {
				request.limit(null);
			}
			QueryRequest page = request.build();
			QueryResponse response = execute(context, dynamo -> dynamo.query(page));
			for (Map<String, AttributeValue> item : response.items()) {
				if (toSkip > 0) {
					toSkip--;
					continue;
				}
				if (content.size() == limit) {
					hasNext = true;
					break reading;
				}
				content.add(toEntity(type, item));
				read.add(item);
			}
			if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
				break;
			}
			start = response.lastEvaluatedKey();
		}
		List<Map<String, Object>> positions = new AbstractList<>() {
					public Map<String, Object> get(int index) {
				return ScrollPositions.after(read.get(index), built.indexKeys());
			}

					public int size() {
				return read.size();
			}
		};
		return new QueryPage<>(content, positions, hasNext);
	}

	long count(String typeName, String tenant, DynaminiQuery query, @Nullable Long aliveAt) {
		QueryRequest request = QueryRequests.build(tableName, tenant, typeName, query, false, aliveAt, converter)
			.request()
			.select(Select.COUNT)
			.build();
		long count = 0;
		for (Iterator<QueryResponse> pages = executor.pages("count of " + typeName, request); pages.hasNext();) {
			count += pages.next().count();
		}
		return count;
	}

	<T> Stream<T> stream(Class<T> type, String typeName, String tenant, DynaminiQuery query, @Nullable Long aliveAt) {
		QueryRequest request = QueryRequests.build(tableName, tenant, typeName, query, false, aliveAt, converter)
			.request()
			.build();
		return executor.queryStream("query of " + typeName, request)
			.map(item -> toEntity(type, item));
	}

	/** Reads an entity from a latest item of an index (without parsing what a listing does not need). */
	private <T> T toEntity(Class<T> type, Map<String, AttributeValue> item) {
		AttributeValue stored = item.get(TableLayout.STATE);
		Map<String, AttributeValue> state = stored == null ? Map.of() : stored.m();
		T entity = StoredData.decode(() -> describe(type, item),
				() -> converter.read(type, state, Long.parseLong(item.get(TableLayout.VERSION).n())));
		return callbacks.afterConvert(entity, state);
	}

	/** Names a listed item in a message: its type and partition key (tenant, type and id, escaped). */
	private static String describe(Class<?> type, Map<String, AttributeValue> item) {
		AttributeValue pk = item.get(TableLayout.PARTITION_KEY);
		return "read of a listed " + type.getSimpleName() + " (" + (pk == null ? "?" : pk.s()) + ")";
	}

	private <R> R execute(String context, Function<DynamoDbClient, R> call) {
		return executor.execute(context, call);
	}
}

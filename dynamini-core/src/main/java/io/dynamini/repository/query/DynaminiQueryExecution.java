package io.dynamini.repository.query;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPage;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.OffsetScrollPosition;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.parser.PartTree;
import org.springframework.data.support.PageableExecutionUtils;

/**
 * How a derived query's results are fetched and shaped for its return type, chosen once when the repository is
 * created (as spring-data-cassandra's {@code CassandraQueryExecution}): count, exists, delete, newest revisions,
 * window, stream, slice or page, collection, single result.
 */
@FunctionalInterface
interface DynaminiQueryExecution {

	@Nullable Object execute(DynaminiQuery query, ParametersParameterAccessor accessor, int maxResults);

	/**
	 * @return whether the execution returns entities (or containers of them) that the result processor may project
	 */
	default boolean returnsEntities() {
		return true;
	}

	/**
	 * Picks the execution for a method.
	 */
	static DynaminiQueryExecution forMethod(QueryMethod method, PartTree tree, boolean returnsRevisions,
			DynaminiOperations operations, Class<?> type, String description) {
		if (tree.isCountProjection()) {
			return counting((query, accessor, max) -> operations.count(type, query));
		}
		if (tree.isExistsProjection()) {
			return counting((query, accessor, max) -> !operations.query(type, query, null, 0, 1).content().isEmpty());
		}
		if (tree.isDelete()) {
			return new Delete(method, operations, type);
		}
		if (returnsRevisions) {
			return counting((query, accessor, max) -> {
				List<?> revisions = operations.findLatestRevisions(type, query);
				return revisions.size() > max ? revisions.subList(0, max) : revisions;
			});
		}
		if (method.isScrollQuery()) {
			return new Scroll(operations, type, description);
		}
		if (method.isStreamQuery()) {
			return (query, accessor, max) -> {
				Stream<?> stream = operations.stream(type, query);
				return max == Integer.MAX_VALUE ? stream : stream.limit(max);
			};
		}
		if (method.isSliceQuery() || method.isPageQuery()) {
			return new Paged(operations, type, method.isPageQuery());
		}
		if (method.isCollectionQuery()) {
			return (query, accessor, max) -> {
				Pageable pageable = accessor.getPageable();
				long skip = pageable.isPaged() ? pageable.getOffset() : 0;
				int size = pageable.isPaged() ? Math.min(pageable.getPageSize(), max) : max;
				return operations.query(type, query, null, skip, size).content();
			};
		}
		return (query, accessor, max) -> {
			List<?> found = operations.query(type, query, null, 0, Math.min(max, 2)).content();
			if (found.size() > 1) {
				throw new IncorrectResultSizeDataAccessException("%s returned more than one result".formatted(description),
						1);
			}
			return found.isEmpty() ? null : found.get(0);
		};
	}

	/**
	 * @return the smaller of the method's {@code Top}/{@code First} and a {@link Limit} argument
	 */
	static int maxResults(PartTree tree, ParametersParameterAccessor accessor) {
		int maxResults = tree.getMaxResults() == null ? Integer.MAX_VALUE : tree.getMaxResults();
		Limit limit = accessor.getLimit();
		return limit.isLimited() ? Math.min(maxResults, limit.max()) : maxResults;
	}

	/** An execution whose result is not entities (a count, a flag, revisions): left to the caller as it is. */
	private static DynaminiQueryExecution counting(DynaminiQueryExecution execution) {
		return new DynaminiQueryExecution() {

			@Override
			public @Nullable Object execute(DynaminiQuery query, ParametersParameterAccessor accessor, int maxResults) {
				return execution.execute(query, accessor, maxResults);
			}

			@Override
			public boolean returnsEntities() {
				return false;
			}
		};
	}

	/**
	 * Deletes each match by id, reading its latest state strongly, as {@code deleteById} does: the index is eventually
	 * consistent and its versions may be stale (docs/design.md).
	 */
	record Delete(QueryMethod method, DynaminiOperations operations, Class<?> type) implements DynaminiQueryExecution {

		@Override
		public Object execute(DynaminiQuery query, ParametersParameterAccessor accessor, int maxResults) {
			List<?> deleted = operations.query(type, query, null, 0, maxResults).content();
			DynaminiPersistentEntity<?> entity = operations.getMappingContext().getRequiredPersistentEntity(type);
			for (Object match : deleted) {
				operations.deleteById(type, entity.getIdentifierAccessor(match).getRequiredIdentifier());
			}
			if (method.isCollectionQuery()) {
				return deleted;
			}
			Class<?> returnType = method.getReturnedObjectType();
			return returnType == Integer.class || returnType == int.class ? (Object) deleted.size()
					: (Object) (long) deleted.size();
		}

		@Override
		public boolean returnsEntities() {
			return method.isCollectionQuery();
		}
	}

	/** A {@code Slice} or {@code Page} whose pageable resumes from the last key of the page. */
	record Paged(DynaminiOperations operations, Class<?> type, boolean page) implements DynaminiQueryExecution {

		@Override
		public Object execute(DynaminiQuery query, ParametersParameterAccessor accessor, int maxResults) {
			Pageable pageable = accessor.getPageable();
			Map<String, Object> start = KeysetPageRequest.startOf(pageable);
			long skip = pageable.isPaged() && start == null ? pageable.getOffset() : 0;
			int size = pageable.isPaged() ? Math.min(pageable.getPageSize(), maxResults) : maxResults;
			QueryPage<?> found = operations.query(type, query, start, skip, size);
			Pageable resumable = pageable.isPaged() ? new KeysetPageRequest(pageable.getPageNumber(),
					pageable.getPageSize(), pageable.getSort(), start, found.lastPosition()) : pageable;
			if (page) {
				return PageableExecutionUtils.getPage(found.content(), resumable, () -> operations.count(type, query));
			}
			return new SliceImpl<>(found.content(), resumable, found.hasNext());
		}
	}

	/** A {@code Window} by offset or by keyset (forward only). */
	record Scroll(DynaminiOperations operations, Class<?> type, String description) implements DynaminiQueryExecution {

		@Override
		public Object execute(DynaminiQuery query, ParametersParameterAccessor accessor, int maxResults) {
			ScrollPosition position = accessor.getScrollPosition();
			if (position instanceof OffsetScrollPosition offset) {
				long start = offset.isInitial() ? 0 : offset.getOffset() + 1;
				QueryPage<?> page = operations.query(type, query, null, start, maxResults);
				return Window.from(page.content(), i -> ScrollPosition.offset(start + i), page.hasNext());
			}
			Map<String, Object> after = null;
			if (position instanceof KeysetScrollPosition keyset) {
				if (keyset.scrollsBackward()) {
					throw new InvalidDataAccessApiUsageException(description + ": scrolling backward is not supported");
				}
				after = keyset.isInitial() ? null : keyset.getKeys();
			}
			QueryPage<?> page = operations.query(type, query, after, 0, maxResults);
			List<Map<String, Object>> positions = page.positions();
			return Window.from(page.content(), i -> ScrollPosition.forward(positions.get(i)), page.hasNext());
		}
	}
}

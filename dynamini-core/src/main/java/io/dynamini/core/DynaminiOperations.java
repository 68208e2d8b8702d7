package io.dynamini.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.core.query.QueryPage;
import io.dynamini.observation.DynaminiObservations;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.history.Revision;
import org.springframework.data.history.Revisions;

/**
 * Everything dynamini does with versioned entities in the single table. Repositories are a thin layer over it;
 * applications may use it directly. Every method is scoped to the current tenant, and every failure is a
 * {@link org.springframework.dao.DataAccessException} whose message names the entity type and id.
 *
 * <p>Every write appends one immutable history item and moves the latest state in the same transaction.
 */
public interface DynaminiOperations {

	/**
	 * Saves a new entity (its {@code @Version} is {@code null} or 0) or a new revision of an existing one (its
	 * {@code @Version} is the version it was read at). A {@code null} String id is generated as a ULID.
	 *
	 * @return the saved entity with its new version (a new instance for immutable types)
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the version is stale, or a new entity's
	 * id is taken by a live entity; nothing is written then
	 */
	<T> T save(T entity);

	/**
	 * Saves an entity that must not exist yet (a soft-deleted one may be re-created).
	 *
	 * @throws org.springframework.dao.DuplicateKeyException if a live entity has that id
	 */
	<T> T insert(T entity);

	/**
	 * Reads the live entity, applies {@code change} and saves the result; on a version conflict it reads again and
	 * re-applies, up to a bounded number of attempts, so concurrent updates lose nothing. {@code change} may run
	 * more than once and must not have other side effects.
	 *
	 * @throws org.springframework.dao.EmptyResultDataAccessException if there is no live entity with that id
	 * @throws org.springframework.dao.OptimisticLockingFailureException if every attempt met a conflict
	 */
	<T> T update(Class<T> type, Object id, UnaryOperator<T> change);

	<T> Optional<T> findById(Class<T> type, Object id);

	boolean existsById(Class<?> type, Object id);

	/**
	 * @return the live entities among those ids, in the order of the ids; missing and deleted ones left out
	 */
	<T> List<T> findAllById(Class<T> type, Iterable<?> ids);

	/**
	 * @return every live entity of the type, in creation order
	 */
	<T> List<T> findAll(Class<T> type);

	/**
	 * @return the newest revision of every entity of the type, deleted ones included, in creation order
	 */
	<T> List<Revision<Long, T>> findAllLatestRevisions(Class<T> type);

	/**
	 * @return the newest revision of every entity that matches the query, deleted ones included (their revision
	 * type is DELETE and they carry their last live state), in the order of the query's index
	 */
	<T> List<Revision<Long, T>> findLatestRevisions(Class<T> type, DynaminiQuery query);

	long count(Class<?> type);

	/**
	 * @return the state that was current at {@code instant}: empty if the entity did not exist yet or was deleted
	 */
	<T> Optional<T> findByIdAsOf(Class<T> type, Object id, Instant instant);

	/**
	 * Soft-deletes: writes a DELETE revision that carries the last live state. A missing or already deleted entity
	 * is ignored unless the entity carries a version, which must then match.
	 *
	 * @throws org.springframework.dao.OptimisticLockingFailureException if the entity's version is stale
	 */
	void delete(Object entity);

	/**
	 * Soft-deletes by id; a missing or already deleted entity is ignored.
	 */
	void deleteById(Class<?> type, Object id);

	/**
	 * Undoes a soft delete by writing a new revision equal to the last live state.
	 *
	 * @return the restored entity; the entity itself if it was live; empty if there is no such entity
	 */
	<T> Optional<T> restore(Class<T> type, Object id);

	/**
	 * Erases the entity and its whole history, irreversibly. What remains is a stub of the entity's key and last
	 * version number, no state: versions keep counting, so a copy loaded before the purge can never be saved again,
	 * and an entity saved later under the same id starts its history after the purge's revision number.
	 */
	void purge(Class<?> type, Object id);

	/**
	 * @return every revision, oldest first
	 */
	<T> Revisions<Long, T> findRevisions(Class<T> type, Object id);

	/**
	 * @return a page of revisions, oldest first unless the pageable's sort is
	 * {@link org.springframework.data.history.RevisionSort#desc()}; reads only that page
	 */
	<T> Page<Revision<Long, T>> findRevisions(Class<T> type, Object id, Pageable pageable);

	<T> Optional<Revision<Long, T>> findRevision(Class<T> type, Object id, long revisionNumber);

	<T> Optional<Revision<Long, T>> findLastChangeRevision(Class<T> type, Object id);

	/**
	 * Requires the entity to be live. Within a transaction, the commit checks it with a condition instead of a read
	 * (nothing is read now; the commit fails with {@link org.springframework.dao.EmptyResultDataAccessException} and
	 * writes nothing if the entity is not live then); outside, it reads the entity once.
	 *
	 * @throws org.springframework.dao.EmptyResultDataAccessException if, outside a transaction, it is not live
	 */
	void requireLive(Class<?> type, Object id);

	/**
	 * What changed in the stored state from revision {@code fromRevision} to {@code toRevision} (either may be
	 * {@code 0}, the state before the first revision); at most 2 requests whatever the length of the history.
	 *
	 * @throws org.springframework.dao.EmptyResultDataAccessException if either revision is not stored
	 */
	List<PropertyChange> findChanges(Class<?> type, Object id, long fromRevision, long toRevision);

	/**
	 * Runs a query: skips {@code skip} results, then returns up to {@code limit} of them. Reads page after page
	 * (DynamoDB's 1 MB pages never truncate a result) but no more than it needs.
	 *
	 * @param after where a previous page ended ({@link QueryPage#lastPosition()}), or {@code null} to start
	 */
	<T> QueryPage<T> query(Class<T> type, DynaminiQuery query, @Nullable Map<String, Object> after, long skip,
			int limit);

	/**
	 * @return the number of results of a query
	 */
	long count(Class<?> type, DynaminiQuery query);

	/**
	 * @return the results of a query, read lazily one DynamoDB page at a time
	 */
	<T> Stream<T> stream(Class<T> type, DynaminiQuery query);

	/**
	 * @return the name of the table this instance reads and writes
	 */
	String getTableName();

	/**
	 * @return the mapping metadata of the entities this instance stores
	 */
	DynaminiMappingContext getMappingContext();

	/**
	 * @return the observations the operations record (none unless an {@code ObservationRegistry} was given)
	 */
	default DynaminiObservations getObservations() {
		return DynaminiObservations.NONE;
	}
}

package io.dynamini.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.dynamini.core.PropertyChange;

import org.springframework.data.history.Revision;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.history.RevisionRepository;

/**
 * A repository of versioned entities: CRUD with optimistic locking, soft delete, restore and the full history of
 * every entity, stored in dynamini's single DynamoDB table.
 *
 * <p>Declare {@code interface NoteRepository extends VersionedRepository<Note, String> {}} over a class annotated
 * {@link io.dynamini.annotation.VersionedEntity @VersionedEntity}. Every save appends an immutable revision whose
 * number equals the entity's {@code @Version}; {@code delete*} methods are soft and write a DELETE revision.
 * {@code findAll} lists live entities in creation order; derived query methods use
 * {@link io.dynamini.annotation.Indexed @Indexed} properties.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
@NoRepositoryBean
public interface VersionedRepository<T, ID>
		extends ListCrudRepository<T, ID>, ListPagingAndSortingRepository<T, ID>, RevisionRepository<T, ID, Long> {

	/**
	 * Saves an entity that must not exist yet; a soft-deleted one is re-created and keeps its history.
	 *
	 * @throws org.springframework.dao.DuplicateKeyException if a live entity with that id exists
	 */
	<S extends T> S insert(S entity);

	/**
	 * Reads the live entity, applies {@code change} and saves the result. On a version conflict it reads again and
	 * re-applies (bounded retries), so concurrent updates lose nothing; {@code change} may therefore run more than
	 * once.
	 *
	 * @throws org.springframework.dao.EmptyResultDataAccessException if there is no live entity with that id
	 */
	T update(ID id, UnaryOperator<T> change);

	/**
	 * @return the state that was current at {@code instant}; empty if the entity did not exist yet or was deleted
	 * then
	 */
	Optional<T> findByIdAsOf(ID id, Instant instant);

	/**
	 * Undoes a soft delete by writing a new revision equal to the last live state.
	 *
	 * @return the restored entity (or the entity itself if it was not deleted); empty if there is none
	 */
	Optional<T> restore(ID id);

	/**
	 * Erases the entity and its whole history, irreversibly (for erasure requests). What remains is a stub of the
	 * entity's key and last version number, no state: versions keep counting, so a copy loaded before the purge can
	 * never be saved again, and an entity saved later under the same id starts its history after the purge's
	 * revision number. Safe to run concurrently with writes and with other purges of the same entity.
	 */
	void purge(ID id);

	/**
	 * @return the newest revision of every entity, deleted ones included (their revision type is DELETE), in
	 * creation order
	 */
	List<Revision<Long, T>> findAllLatestRevisions();

	/**
	 * What changed between two revisions of the entity's stored state: one {@link PropertyChange} per path
	 * ({@code address.city}, {@code tags[2]}), in path order. At most 2 requests, however long the history.
	 *
	 * @param fromRevision the earlier revision, or {@code 0} for the state before the first revision
	 * @param toRevision the later revision
	 * @throws org.springframework.dao.EmptyResultDataAccessException if either revision is not stored
	 */
	List<PropertyChange> findChanges(ID id, long fromRevision, long toRevision);
}

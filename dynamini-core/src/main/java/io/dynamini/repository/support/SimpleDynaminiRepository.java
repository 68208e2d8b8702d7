package io.dynamini.repository.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.PropertyChange;
import io.dynamini.core.query.DynaminiQuery;
import io.dynamini.repository.VersionedRepository;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.history.Revision;
import org.springframework.data.history.Revisions;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.util.Assert;

/**
 * The implementation behind every {@link VersionedRepository}: a thin layer that hands each call to
 * {@link DynaminiOperations}.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public class SimpleDynaminiRepository<T, ID> implements VersionedRepository<T, ID> {

	private final EntityInformation<T, ID> entityInformation;

	private final DynaminiOperations operations;

	private final Class<T> type;

	public SimpleDynaminiRepository(EntityInformation<T, ID> entityInformation, DynaminiOperations operations) {
		Assert.notNull(entityInformation, "entityInformation must not be null");
		Assert.notNull(operations, "operations must not be null");
		this.entityInformation = entityInformation;
		this.operations = operations;
		this.type = entityInformation.getJavaType();
	}

	@Override
	public <S extends T> S save(S entity) {
		return operations.save(entity);
	}

	@Override
	public <S extends T> List<S> saveAll(Iterable<S> entities) {
		Assert.notNull(entities, "entities must not be null");
		List<S> saved = new ArrayList<>();
		entities.forEach(entity -> saved.add(save(entity)));
		return saved;
	}

	@Override
	public <S extends T> S insert(S entity) {
		return operations.insert(entity);
	}

	@Override
	public T update(ID id, UnaryOperator<T> change) {
		Assert.notNull(id, "id must not be null");
		return operations.update(type, id, change);
	}

	@Override
	public Optional<T> findById(ID id) {
		Assert.notNull(id, "id must not be null");
		return operations.findById(type, id);
	}

	@Override
	public boolean existsById(ID id) {
		Assert.notNull(id, "id must not be null");
		return operations.existsById(type, id);
	}

	@Override
	public List<T> findAll() {
		return operations.findAll(type);
	}

	/**
	 * Lists live entities in creation order; the only order DynamoDB keeps for a whole type.
	 *
	 * @throws InvalidDataAccessApiUsageException for any other sort
	 */
	@Override
	public List<T> findAll(Sort sort) {
		return operations.query(type, DynaminiQuery.all(ascending(sort)), null, 0, Integer.MAX_VALUE).content();
	}

	/**
	 * A page of live entities in creation order; reading page {@code n} reads the {@code n} pages before it too, so
	 * prefer derived {@code Slice} or {@code Window} methods for deep paging.
	 */
	@Override
	public Page<T> findAll(Pageable pageable) {
		Assert.notNull(pageable, "pageable must not be null");
		if (pageable.isUnpaged()) {
			List<T> all = findAll(pageable.getSort());
			return new PageImpl<>(all, pageable, all.size());
		}
		DynaminiQuery query = DynaminiQuery.all(ascending(pageable.getSort()));
		List<T> content = operations.query(type, query, null, pageable.getOffset(), pageable.getPageSize()).content();
		return PageableExecutionUtils.getPage(content, pageable, () -> operations.count(type, query));
	}

	private boolean ascending(Sort sort) {
		Assert.notNull(sort, "sort must not be null");
		if (sort.isUnsorted()) {
			return true;
		}
		throw new InvalidDataAccessApiUsageException(("%s can be listed only in creation order, not by %s; "
				+ "use a derived query on an @Indexed property with sortBy").formatted(type.getSimpleName(), sort));
	}

	@Override
	public List<T> findAllById(Iterable<ID> ids) {
		return operations.findAllById(type, ids);
	}

	@Override
	public long count() {
		return operations.count(type);
	}

	@Override
	public void deleteById(ID id) {
		Assert.notNull(id, "id must not be null");
		operations.deleteById(type, id);
	}

	@Override
	public void delete(T entity) {
		operations.delete(entity);
	}

	@Override
	public void deleteAllById(Iterable<? extends ID> ids) {
		Assert.notNull(ids, "ids must not be null");
		ids.forEach(this::deleteById);
	}

	@Override
	public void deleteAll(Iterable<? extends T> entities) {
		Assert.notNull(entities, "entities must not be null");
		entities.forEach(this::delete);
	}

	@Override
	public void deleteAll() {
		for (T entity : findAll()) {
			deleteById(entityInformation.getRequiredId(entity));
		}
	}

	@Override
	public Optional<T> findByIdAsOf(ID id, Instant instant) {
		Assert.notNull(id, "id must not be null");
		return operations.findByIdAsOf(type, id, instant);
	}

	@Override
	public Optional<T> restore(ID id) {
		Assert.notNull(id, "id must not be null");
		return operations.restore(type, id);
	}

	@Override
	public void purge(ID id) {
		Assert.notNull(id, "id must not be null");
		operations.purge(type, id);
	}

	@Override
	public List<Revision<Long, T>> findAllLatestRevisions() {
		return operations.findAllLatestRevisions(type);
	}

	@Override
	public List<PropertyChange> findChanges(ID id, long fromRevision, long toRevision) {
		Assert.notNull(id, "id must not be null");
		return operations.findChanges(type, id, fromRevision, toRevision);
	}

	@Override
	public Optional<Revision<Long, T>> findLastChangeRevision(ID id) {
		Assert.notNull(id, "id must not be null");
		return operations.findLastChangeRevision(type, id);
	}

	@Override
	public Revisions<Long, T> findRevisions(ID id) {
		Assert.notNull(id, "id must not be null");
		return operations.findRevisions(type, id);
	}

	@Override
	public Page<Revision<Long, T>> findRevisions(ID id, Pageable pageable) {
		Assert.notNull(id, "id must not be null");
		return operations.findRevisions(type, id, pageable);
	}

	@Override
	public Optional<Revision<Long, T>> findRevision(ID id, Long revisionNumber) {
		Assert.notNull(id, "id must not be null");
		Assert.notNull(revisionNumber, "revisionNumber must not be null");
		return operations.findRevision(type, id, revisionNumber);
	}
}

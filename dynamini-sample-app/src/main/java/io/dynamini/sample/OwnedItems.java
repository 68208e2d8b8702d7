package io.dynamini.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.dynamini.core.PropertyChange;
import io.dynamini.repository.VersionedRepository;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.history.Revision;

/**
 * What collections and entries have in common: items of one repository that a request may see only when they
 * belong to it ({@code owned}), read at their latest, as of an instant or at every revision, deleted and restored.
 */
final class OwnedItems<T> {

	private final VersionedRepository<T, String> repository;

	private final String what;

	private final Function<T, String> id;

	private final Function<T, @Nullable Long> version;

	OwnedItems(VersionedRepository<T, String> repository, String what, Function<T, String> id,
			Function<T, @Nullable Long> version) {
		this.repository = repository;
		this.what = what;
		this.id = id;
		this.version = version;
	}

	NotFoundException notFound() {
		return new NotFoundException(what);
	}

	/** @return the live item, if it is owned */
	T live(String itemId, Predicate<T> owned) {
		return repository.findById(itemId).filter(owned).orElseThrow(this::notFound);
	}

	/** @return the item's newest revision, deleted ones only when the filter shows them */
	Revisioned<T> latest(String itemId, Predicate<T> owned, Filter filter) {
		return repository.findLastChangeRevision(itemId)
			.filter(revision -> owned.test(revision.getEntity()))
			.map(Revisioned::of)
			.filter(item -> filter.includesDeleted() || !item.deleted())
			.orElseThrow(this::notFound);
	}

	Revisioned<T> asOf(String itemId, Predicate<T> owned, Instant instant) {
		T item = repository.findByIdAsOf(itemId, instant).filter(owned).orElseThrow(this::notFound);
		return Revisioned.live(item, version.apply(item));
	}

	/** @return every revision of an item, oldest first */
	List<Revisioned<T>> versions(String itemId) {
		List<Revisioned<T>> rows = new ArrayList<>();
		repository.findRevisions(itemId).forEach(revision -> rows.add(Revisioned.of(revision)));
		return rows;
	}

	/**
	 * @return a listing as the filter shows it: the live items ({@code live}, read from the index of live items), or
	 * the newest revision of every item, deleted ones included ({@code newest}), or every revision of each
	 * ({@link Filter#ALL}, one more Query per item)
	 */
	List<Revisioned<T>> listed(Filter filter, Supplier<List<T>> live, Supplier<List<Revision<Long, T>>> newest) {
		if (!filter.includesDeleted()) {
			return live.get().stream().map(item -> Revisioned.live(item, version.apply(item))).toList();
		}
		if (filter != Filter.ALL) {
			return newest.get().stream().map(Revisioned::of).toList();
		}
		List<Revisioned<T>> rows = new ArrayList<>();
		for (Revision<Long, T> item : newest.get()) {
			rows.addAll(versions(id.apply(item.getEntity())));
		}
		return rows;
	}

	Page<Revision<Long, T>> history(String itemId, Predicate<T> owned, int page, int size) {
		latest(itemId, owned, Filter.CURRENT);
		if (page < 0 || size < 1 || size > 100) {
			throw new InvalidInputException("page must be at least 0 and size between 1 and 100");
		}
		return repository.findRevisions(itemId, PageRequest.of(page, size));
	}

	/**
	 * What revision {@code revision} of the item changed from the one before (from nothing for the first), if the
	 * item is owned and has that revision.
	 */
	List<PropertyChange> changes(String itemId, Predicate<T> owned, long revision) {
		Revisioned<T> latest = latest(itemId, owned, Filter.CURRENT);
		if (revision < 1 || revision > latest.version()) {
			throw new NotFoundException(what + " revision");
		}
		try {
			return repository.findChanges(itemId, revision - 1, revision);
		}
		catch (EmptyResultDataAccessException ex) {
			throw new NotFoundException(what + " revision");
		}
	}

	/** Deletes the item (with the expected version in {@code copy}, if any) and answers its deletion. */
	Revisioned<T> delete(String itemId, T copy) {
		repository.delete(copy);
		return repository.findLastChangeRevision(itemId).map(Revisioned::of).orElseThrow(this::notFound);
	}

	Revisioned<T> restore(String itemId, Predicate<T> owned) {
		latest(itemId, owned, Filter.CURRENT);
		T restored = repository.restore(itemId).orElseThrow(this::notFound);
		return Revisioned.live(restored, version.apply(restored));
	}

	/** Applies {@code change} to the latest state, retried under contention; a vanished item is not found. */
	T update(String itemId, UnaryOperator<T> change) {
		try {
			return repository.update(itemId, change);
		}
		catch (EmptyResultDataAccessException gone) {
			throw notFound();
		}
	}
}

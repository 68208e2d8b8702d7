package io.dynamini.sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.PropertyChange;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.history.Revision;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DynamoDB-mini's semantics on dynamini repositories: collections and entries owned by users, soft delete, the
 * {@code latest}/{@code current}/{@code all} filters, plus history, time travel, restore and optimistic concurrency.
 * Everything is scoped to the request's application (the tenant); a user can only reach what it owns. Answers
 * domain results ({@link Revisioned}) and domain exceptions; HTTP is the controller's.
 */
@Service
public class MiniStore {

	static final int MAX_NAME_LENGTH = 255;

	private final CollectionRepository collections;

	private final EntryRepository entries;

	private final OwnedItems<Collection> ownedCollections;

	private final OwnedItems<Entry> ownedEntries;

	private final CollectionNameRepository names;

	private final TransactionTemplate transactions;

	private final DynaminiOperations operations;

	public MiniStore(CollectionRepository collections, EntryRepository entries, CollectionNameRepository names,
			TransactionTemplate transactions, DynaminiOperations operations) {
		this.operations = operations;
		this.names = names;
		this.transactions = transactions;
		this.collections = collections;
		this.entries = entries;
		this.ownedCollections = new OwnedItems<>(collections, "Collection", Collection::id, Collection::version);
		this.ownedEntries = new OwnedItems<>(entries, "Entry", Entry::id, Entry::version);
	}

	// ------------------------------------------------------------------------------------- collections

	public List<Revisioned<Collection>> listCollections(Filter filter) {
		return ownedCollections.listed(filter, collections::findAll, collections::findAllLatestRevisions);
	}

	public List<Revisioned<Collection>> listCollections(String user, Filter filter) {
		return ownedCollections.listed(filter, () -> collections.findByUser(user),
				() -> collections.findLatestRevisionsByUser(user));
	}

	public Revisioned<Collection> getCollection(String user, String id, Filter filter, @Nullable Instant asOf) {
		return asOf != null ? ownedCollections.asOf(id, ownedBy(user), asOf)
				: ownedCollections.latest(id, ownedBy(user), filter);
	}

	/** Every revision of a collection the user can see (see {@link #getCollection}), oldest first. */
	public List<Revisioned<Collection>> collectionVersions(String user, String id) {
		ownedCollections.latest(id, ownedBy(user), Filter.CURRENT);
		return ownedCollections.versions(id);
	}

	/**
	 * Creates the user's collection of that name, or answers the live one that has it (as DynamoDB-mini); race-free:
	 * the collection and its name's claim are written in one transaction, and a concurrent identical request that
	 * lost the race finds the winner's claim on its next attempt.
	 */
	public Revisioned<Collection> createCollection(String user, Map<String, Object> body) {
		String name = requireName(body.get("name"));
		for (int attempt = 1;; attempt++) {
			try {
				Collection collection = transactions.execute(status -> claimOrCreate(user, name));
				return Revisioned.live(collection, collection.version());
			}
			catch (OptimisticLockingFailureException | DuplicateKeyException lostRace) {
				if (attempt == 3) {
					throw lostRace;
				}
			}
		}
	}

	/** Claims the name for the collection unless another live collection of the user holds it. */
	private void claimIfFree(String user, String name, String collectionId) {
		Optional<CollectionName> claim = names.findById(CollectionName.idOf(user, name));
		boolean heldByAnother = claim.filter(held -> !held.collection().equals(collectionId))
			.flatMap(held -> collections.findById(held.collection()))
			.filter(collection -> collection.user().equals(user) && collection.name().equals(name))
			.isPresent();
		if (heldByAnother || claim.filter(held -> held.collection().equals(collectionId)).isPresent()) {
			return;
		}
		names.save(claim.map(free -> free.heldBy(collectionId))
			.orElseGet(() -> new CollectionName(CollectionName.idOf(user, name), null, user, name, collectionId)));
	}

	private Collection claimOrCreate(String user, String name) {
		Optional<CollectionName> claim = names.findById(CollectionName.idOf(user, name));
		Optional<Collection> holder = claim.flatMap(held -> collections.findById(held.collection()))
			.filter(collection -> collection.user().equals(user) && collection.name().equals(name));
		if (holder.isPresent()) {
			return holder.get();
		}
		Collection created = collections.insert(new Collection(null, null, user, name));
		names.save(claim.map(free -> free.heldBy(created.id()))
			.orElseGet(() -> new CollectionName(CollectionName.idOf(user, name), null, user, name, created.id())));
		return created;
	}

	public Revisioned<Collection> renameCollection(String user, String id, Map<String, Object> body,
			@Nullable IfMatch ifMatch) {
		String name = requireName(body.get("name"));
		Collection renamed = transactions.execute(status -> {
			Collection current = ownedCollections.live(id, ownedBy(user));
			Long expected = IfMatch.expected(ifMatch, version(current.version()));
			Collection changed = expected != null ? collections.save(new Collection(id, expected, user, name))
					: ownedCollections.update(id, c -> {
						if (!c.user().equals(user)) {
							throw ownedCollections.notFound();
						}
						return c.withName(name);
					});
			claimIfFree(user, name, id);
			return changed;
		});
		return Revisioned.live(renamed, renamed.version());
	}

	/** Deletes a collection: 1 read and 1 transaction (the delete and the answer reuse the read). */
	public Revisioned<Collection> deleteCollection(String user, String id, @Nullable IfMatch ifMatch) {
		return transactions.execute(status -> {
			Collection current = ownedCollections.live(id, ownedBy(user));
			Long expected = IfMatch.expected(ifMatch, version(current.version()));
			return ownedCollections.delete(id, new Collection(id, expected, user, current.name()));
		});
	}

	public Revisioned<Collection> restoreCollection(String user, String id) {
		return ownedCollections.restore(id, ownedBy(user));
	}

	public Page<Revision<Long, Collection>> collectionHistory(String user, String id, int page, int size) {
		return ownedCollections.history(id, ownedBy(user), page, size);
	}

	// ------------------------------------------------------------------------------------------ entries

	public List<Revisioned<Entry>> listEntries(String user, String collectionId, Filter filter) {
		visibleCollection(user, collectionId, filter);
		return ownedEntries.listed(filter, () -> entries.findByCollection(collectionId),
				() -> entries.findLatestRevisionsByCollection(collectionId));
	}

	public Revisioned<Entry> getEntry(String user, String collectionId, String id, Filter filter,
			@Nullable Instant asOf) {
		visibleCollection(user, collectionId, filter);
		return asOf != null ? ownedEntries.asOf(id, in(user, collectionId), asOf)
				: ownedEntries.latest(id, in(user, collectionId), filter);
	}

	/** Every revision of an entry the user can see (see {@link #getEntry}), oldest first. */
	public List<Revisioned<Entry>> entryVersions(String user, String collectionId, String id) {
		getEntry(user, collectionId, id, Filter.CURRENT, null);
		return ownedEntries.versions(id);
	}

	public Revisioned<Entry> createEntry(String user, String collectionId, Map<String, Object> body) {
		EntryInput input = EntryInput.of(body);
		ownedCollections.live(collectionId, ownedBy(user));
		Entry entry = entries.insert(new Entry(null, null, user, collectionId, input.name(), input.value()));
		return Revisioned.live(entry, entry.version());
	}

	public Revisioned<Entry> updateEntry(String user, String collectionId, String id, Map<String, Object> body,
			@Nullable IfMatch ifMatch) {
		EntryInput input = EntryInput.of(body);
		String name = input.name();
		Object value = input.value();
		ownedCollections.live(collectionId, ownedBy(user));
		Entry current = ownedEntries.live(id, in(user, collectionId));
		Long expected = IfMatch.expected(ifMatch, version(current.version()));
		Entry updated = expected != null
				? entries.save(new Entry(id, expected, user, collectionId, name == null ? current.name() : name,
						value == null ? current.value() : value))
				: ownedEntries.update(id, e -> {
					if (!in(user, collectionId).test(e)) {
						throw ownedEntries.notFound();
					}
					return e.with(name == null ? e.name() : name, value == null ? e.value() : value);
				});
		return Revisioned.live(updated, updated.version());
	}

	/**
	 * Deletes an entry in one transaction: 1 read (the entry, whose user and collection prove where it belongs; the
	 * delete and the answer reuse the read) and 1 request at commit, which also requires the collection to be live
	 * (a condition, not a read).
	 */
	public Revisioned<Entry> deleteEntry(String user, String collectionId, String id, @Nullable IfMatch ifMatch) {
		try {
			return transactions.execute(status -> {
				operations.requireLive(Collection.class, collectionId);
				Entry current = ownedEntries.live(id, in(user, collectionId));
				Long expected = IfMatch.expected(ifMatch, version(current.version()));
				return ownedEntries.delete(id, new Entry(id, expected, user, collectionId, current.name(), current.value()));
			});
		}
		catch (EmptyResultDataAccessException collectionGone) {
			throw ownedCollections.notFound();
		}
	}

	public Revisioned<Entry> restoreEntry(String user, String collectionId, String id) {
		ownedCollections.live(collectionId, ownedBy(user));
		return ownedEntries.restore(id, in(user, collectionId));
	}

	public Page<Revision<Long, Entry>> entryHistory(String user, String collectionId, String id, int page, int size) {
		visibleCollection(user, collectionId, Filter.CURRENT);
		return ownedEntries.history(id, in(user, collectionId), page, size);
	}

	public List<PropertyChange> collectionChanges(String user, String id, long revision) {
		return ownedCollections.changes(id, ownedBy(user), revision);
	}

	public List<PropertyChange> entryChanges(String user, String collectionId, String id, long revision) {
		visibleCollection(user, collectionId, Filter.CURRENT);
		return ownedEntries.changes(id, in(user, collectionId), revision);
	}

	// ------------------------------------------------------------------------------------------ helpers

	private void visibleCollection(String user, String id, Filter filter) {
		ownedCollections.latest(id, ownedBy(user), filter);
	}

	private static Predicate<Collection> ownedBy(String user) {
		return collection -> collection.user().equals(user);
	}

	private static Predicate<Entry> in(String user, String collectionId) {
		return entry -> entry.user().equals(user) && entry.collection().equals(collectionId);
	}

	private static long version(@Nullable Long version) {
		return version == null ? 0 : version;
	}

	static String requireName(@Nullable Object raw) {
		if (!(raw instanceof String name) || name.isEmpty()) {
			throw new InvalidInputException("name must be a non-empty string");
		}
		if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
			throw new InvalidInputException("name must be at most " + MAX_NAME_LENGTH + " characters");
		}
		return name;
	}

	/**
	 * The name and value of an entry request body, as DynamoDB-mini validates them: a name, a value (a JSON object or
	 * array) or both, not both empty; an absent one is {@code null}.
	 */
	record EntryInput(@Nullable String name, @Nullable Object value) {

		static EntryInput of(Map<String, Object> body) {
			Object rawName = body.get("name");
			Object rawValue = body.get("value");
			if (isEmpty(rawName) && isEmpty(rawValue)) {
				throw new InvalidInputException("Give a name, a value or both");
			}
			return new EntryInput(rawName == null ? null : requireName(rawName),
					rawValue == null ? null : requireJsonValue(rawValue));
		}

		/** A JSON object or array, as DynamoDB-mini accepts ({@code typeof value === 'object'}). */
		private static Object requireJsonValue(Object raw) {
			if (!(raw instanceof Map<?, ?> || raw instanceof List<?>)) {
				throw new InvalidInputException("value must be a JSON object or array");
			}
			return raw;
		}

		/** lodash's {@code isEmpty}, which DynamoDB-mini's validation uses: null, "", {} and [] are empty. */
		private static boolean isEmpty(@Nullable Object raw) {
			return raw == null || raw instanceof String text && text.isEmpty()
					|| raw instanceof Map<?, ?> map && map.isEmpty() || raw instanceof List<?> list && list.isEmpty();
		}
	}
}

package io.dynamini.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.history.Revision;
import org.springframework.data.history.RevisionMetadata.RevisionType;
import org.springframework.stereotype.Service;

/**
 * DynamoDB-mini's semantics on dynamini repositories: collections and entries owned by users, soft delete, the
 * {@code latest}/{@code current} filters, plus history, time travel, restore and optimistic concurrency.
 * Everything is scoped to the request's application (the tenant); a user can only reach what it owns.
 */
@Service
public class MiniStore {

	static final int MAX_NAME_LENGTH = 255;

	private final CollectionRepository collections;

	private final EntryRepository entries;

	private final ApplicationTenant tenant;

	public MiniStore(CollectionRepository collections, EntryRepository entries, ApplicationTenant tenant) {
		this.collections = collections;
		this.entries = entries;
		this.tenant = tenant;
	}

	/**
	 * A rendered item and its version (the ETag).
	 */
	public record Versioned(Map<String, Object> body, long version) {
	}

	// ------------------------------------------------------------------------------------- collections

	public List<Map<String, Object>> listCollections(Filter filter) {
		if (filter == Filter.ALL) {
			return everyRevision(collections, collections.findAllLatestRevisions(), Collection::id, this::view);
		}
		if (filter == Filter.CURRENT) {
			return collections.findAllLatestRevisions().stream().map(this::view).toList();
		}
		return collections.findAll().stream().map(c -> view(c, null)).toList();
	}

	public List<Map<String, Object>> listCollections(String user, Filter filter) {
		if (filter == Filter.ALL) {
			return everyRevision(collections, collections.findLatestRevisionsByUser(user), Collection::id, this::view);
		}
		if (filter == Filter.CURRENT) {
			return collections.findLatestRevisionsByUser(user).stream().map(this::view).toList();
		}
		return collections.findByUser(user).stream().map(c -> view(c, null)).toList();
	}

	public Versioned getCollection(String user, String id, Filter filter, @Nullable Instant asOf) {
		if (asOf != null) {
			Collection collection = collections.findByIdAsOf(id, asOf)
				.filter(c -> c.user().equals(user))
				.orElseThrow(() -> ApiException.notFound("Collection"));
			return new Versioned(view(collection, null), collection.version());
		}
		Revision<Long, Collection> latest = collections.findLastChangeRevision(id)
			.filter(r -> r.getEntity().user().equals(user))
			.filter(r -> filter.includesDeleted() || !isDeleted(r))
			.orElseThrow(() -> ApiException.notFound("Collection"));
		return new Versioned(view(latest), latest.getRequiredRevisionNumber());
	}

	public Versioned createCollection(String user, Map<String, Object> body) {
		String name = requireName(body.get("name"));
		List<Collection> existing = collections.findByUserAndName(user, name);
		Collection collection = existing.isEmpty() ? collections.insert(new Collection(null, null, user, name))
				: existing.get(0);
		return new Versioned(view(collection, null), collection.version());
	}

	public Versioned renameCollection(String user, String id, Map<String, Object> body, @Nullable String ifMatch) {
		String name = requireName(body.get("name"));
		Collection current = liveCollection(user, id);
		Collection renamed;
		Long expected = IfMatch.version(ifMatch, current.version());
		if (expected != null) {
			renamed = collections.save(new Collection(id, expected, user, name));
		}
		else {
			renamed = update(collections, id, c -> {
				requireOwner(c.user(), user, "Collection");
				return c.withName(name);
			});
		}
		return new Versioned(view(renamed, null), renamed.version());
	}

	public Versioned deleteCollection(String user, String id, @Nullable String ifMatch) {
		Collection current = liveCollection(user, id);
		Long expected = IfMatch.version(ifMatch, current.version());
		collections.delete(new Collection(id, expected, user, current.name()));
		Revision<Long, Collection> deleted = collections.findLastChangeRevision(id).orElseThrow();
		return new Versioned(view(deleted), deleted.getRequiredRevisionNumber());
	}

	public Versioned restoreCollection(String user, String id) {
		Revision<Long, Collection> latest = collections.findLastChangeRevision(id)
			.filter(r -> r.getEntity().user().equals(user))
			.orElseThrow(() -> ApiException.notFound("Collection"));
		Collection restored = collections.restore(latest.getEntity().id()).orElseThrow(() -> ApiException.notFound("Collection"));
		return new Versioned(view(restored, null), restored.version());
	}

	/** Every revision of a visible collection, oldest first (call after {@link #getCollection}). */
	public List<Map<String, Object>> collectionVersions(String user, String id) {
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		collections.findRevisions(id).forEach(revision -> rows.add(view(revision)));
		return rows;
	}

	public Map<String, Object> collectionHistory(String user, String id, int page, int size) {
		collections.findLastChangeRevision(id)
			.filter(r -> r.getEntity().user().equals(user))
			.orElseThrow(() -> ApiException.notFound("Collection"));
		return history(collections.findRevisions(id, pageRequest(page, size)), this::view);
	}

	// ------------------------------------------------------------------------------------------ entries

	public List<Map<String, Object>> listEntries(String user, String collectionId, Filter filter) {
		visibleCollection(user, collectionId, filter);
		if (filter == Filter.ALL) {
			return everyRevision(entries, entries.findLatestRevisionsByCollection(collectionId), Entry::id,
					this::entryView);
		}
		if (filter == Filter.CURRENT) {
			return entries.findLatestRevisionsByCollection(collectionId).stream().map(this::entryView).toList();
		}
		return entries.findByCollection(collectionId).stream().map(e -> entryView(e, null)).toList();
	}

	public Versioned getEntry(String user, String collectionId, String id, Filter filter, @Nullable Instant asOf) {
		visibleCollection(user, collectionId, filter);
		if (asOf != null) {
			Entry entry = entries.findByIdAsOf(id, asOf)
				.filter(e -> belongs(e, user, collectionId))
				.orElseThrow(() -> ApiException.notFound("Entry"));
			return new Versioned(entryView(entry, null), entry.version());
		}
		Revision<Long, Entry> latest = entries.findLastChangeRevision(id)
			.filter(r -> belongs(r.getEntity(), user, collectionId))
			.filter(r -> filter.includesDeleted() || !isDeleted(r))
			.orElseThrow(() -> ApiException.notFound("Entry"));
		return new Versioned(entryView(latest), latest.getRequiredRevisionNumber());
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
				throw ApiException.badRequest("Give a name, a value or both");
			}
			return new EntryInput(rawName == null ? null : requireName(rawName),
					rawValue == null ? null : requireJsonValue(rawValue));
		}
	}

	public Versioned createEntry(String user, String collectionId, Map<String, Object> body) {
		EntryInput input = EntryInput.of(body);
		liveCollection(user, collectionId);
		Entry entry = entries.insert(new Entry(null, null, user, collectionId, input.name(), input.value()));
		return new Versioned(entryView(entry, null), entry.version());
	}

	public Versioned updateEntry(String user, String collectionId, String id, Map<String, Object> body,
			@Nullable String ifMatch) {
		EntryInput input = EntryInput.of(body);
		String name = input.name();
		Object value = input.value();
		liveCollection(user, collectionId);
		Entry current = liveEntry(user, collectionId, id);
		Long expected = IfMatch.version(ifMatch, current.version());
		Entry updated;
		if (expected != null) {
			updated = entries.save(new Entry(id, expected, user, collectionId, name == null ? current.name() : name,
					value == null ? current.value() : value));
		}
		else {
			updated = update(entries, id, e -> {
				if (!belongs(e, user, collectionId)) {
					throw ApiException.notFound("Entry");
				}
				return e.with(name == null ? e.name() : name, value == null ? e.value() : value);
			});
		}
		return new Versioned(entryView(updated, null), updated.version());
	}

	public Versioned deleteEntry(String user, String collectionId, String id, @Nullable String ifMatch) {
		liveCollection(user, collectionId);
		Entry current = liveEntry(user, collectionId, id);
		Long expected = IfMatch.version(ifMatch, current.version());
		entries.delete(new Entry(id, expected, user, collectionId, current.name(), current.value()));
		Revision<Long, Entry> deleted = entries.findLastChangeRevision(id).orElseThrow();
		return new Versioned(entryView(deleted), deleted.getRequiredRevisionNumber());
	}

	public Versioned restoreEntry(String user, String collectionId, String id) {
		liveCollection(user, collectionId);
		entries.findLastChangeRevision(id)
			.filter(r -> belongs(r.getEntity(), user, collectionId))
			.orElseThrow(() -> ApiException.notFound("Entry"));
		Entry restored = entries.restore(id).orElseThrow(() -> ApiException.notFound("Entry"));
		return new Versioned(entryView(restored, null), restored.version());
	}

	/** Every revision of a visible entry, oldest first (call after {@link #getEntry}, which checks it is visible). */
	public List<Map<String, Object>> entryVersions(String user, String collectionId, String id) {
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		entries.findRevisions(id).forEach(revision -> rows.add(entryView(revision)));
		return rows;
	}

	public Map<String, Object> entryHistory(String user, String collectionId, String id, int page, int size) {
		visibleCollection(user, collectionId, Filter.CURRENT);
		entries.findLastChangeRevision(id)
			.filter(r -> belongs(r.getEntity(), user, collectionId))
			.orElseThrow(() -> ApiException.notFound("Entry"));
		return history(entries.findRevisions(id, pageRequest(page, size)), this::entryView);
	}

	// ------------------------------------------------------------------------------------------ helpers

	/**
	 * Every revision of each listed item, in the listing's order, each item's oldest first: one Query per item.
	 */
	private static <T> List<Map<String, Object>> everyRevision(io.dynamini.repository.VersionedRepository<T, String> repository,
			List<Revision<Long, T>> latest, java.util.function.Function<T, @Nullable String> id,
			java.util.function.Function<Revision<Long, T>, Map<String, Object>> view) {
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		for (Revision<Long, T> item : latest) {
			repository.findRevisions(java.util.Objects.requireNonNull(id.apply(item.getEntity())))
				.forEach(revision -> rows.add(view.apply(revision)));
		}
		return rows;
	}

	private Collection liveCollection(String user, String id) {
		return collections.findById(id)
			.filter(c -> c.user().equals(user))
			.orElseThrow(() -> ApiException.notFound("Collection"));
	}

	private void visibleCollection(String user, String id, Filter filter) {
		if (filter.includesDeleted()) {
			collections.findLastChangeRevision(id)
				.filter(r -> r.getEntity().user().equals(user))
				.orElseThrow(() -> ApiException.notFound("Collection"));
		}
		else {
			liveCollection(user, id);
		}
	}

	private Entry liveEntry(String user, String collectionId, String id) {
		return entries.findById(id)
			.filter(e -> belongs(e, user, collectionId))
			.orElseThrow(() -> ApiException.notFound("Entry"));
	}

	private static boolean belongs(Entry entry, String user, String collectionId) {
		return entry.user().equals(user) && entry.collection().equals(collectionId);
	}

	private static void requireOwner(String owner, String user, String what) {
		if (!owner.equals(user)) {
			throw ApiException.notFound(what);
		}
	}

	private static <T> T update(io.dynamini.repository.VersionedRepository<T, String> repository, String id,
			java.util.function.UnaryOperator<T> change) {
		try {
			return repository.update(id, change);
		}
		catch (EmptyResultDataAccessException gone) {
			throw ApiException.notFound("Item");
		}
	}

	static String requireName(@Nullable Object raw) {
		if (!(raw instanceof String name) || name.isEmpty()) {
			throw ApiException.badRequest("name must be a non-empty string");
		}
		if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
			throw ApiException.badRequest("name must be at most " + MAX_NAME_LENGTH + " characters");
		}
		return name;
	}

	/** A JSON object or array, as DynamoDB-mini accepts ({@code typeof value === 'object'}). */
	static Object requireJsonValue(Object raw) {
		if (!(raw instanceof Map<?, ?> || raw instanceof List<?>)) {
			throw ApiException.badRequest("value must be a JSON object or array");
		}
		return raw;
	}

	/** lodash's {@code isEmpty}, which DynamoDB-mini's validation uses: null, "", {} and [] are empty. */
	private static boolean isEmpty(@Nullable Object raw) {
		return raw == null || raw instanceof String text && text.isEmpty() || raw instanceof Map<?, ?> map && map.isEmpty()
				|| raw instanceof List<?> list && list.isEmpty();
	}

	private static boolean isDeleted(Revision<Long, ?> revision) {
		return revision.getMetadata().getRevisionType() == RevisionType.DELETE;
	}

	private static PageRequest pageRequest(int page, int size) {
		if (page < 0 || size < 1 || size > 100) {
			throw ApiException.badRequest("page must be at least 0 and size between 1 and 100");
		}
		return PageRequest.of(page, size);
	}

	private <T> Map<String, Object> history(Page<Revision<Long, T>> revisions,
			java.util.function.Function<Revision<Long, T>, Map<String, Object>> view) {
		List<Map<String, Object>> content = new ArrayList<>();
		for (Revision<Long, T> revision : revisions) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("revision", revision.getRequiredRevisionNumber());
			item.put("instant", revision.getRequiredRevisionInstant().toString());
			item.put("type", revision.getMetadata().getRevisionType().name());
			item.put("state", view.apply(revision));
			content.add(item);
		}
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("number", revisions.getNumber());
		page.put("size", revisions.getSize());
		page.put("totalElements", revisions.getTotalElements());
		page.put("totalPages", revisions.getTotalPages());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("content", content);
		body.put("page", page);
		return body;
	}

	private Map<String, Object> view(Revision<Long, Collection> revision) {
		Collection collection = revision.getEntity();
		return view(new Collection(collection.id(), revision.getRequiredRevisionNumber(), collection.user(),
				collection.name()), isDeleted(revision) ? revision.getRequiredRevisionInstant() : null);
	}

	private Map<String, Object> view(Collection collection, @Nullable Instant deletedAt) {
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("application", tenant.currentTenant());
		meta.put("user", collection.user());
		meta.put("collection", collection.id());
		meta.put("version", collection.version());
		meta.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("meta", meta);
		body.put("name", collection.name());
		return body;
	}

	private Map<String, Object> entryView(Revision<Long, Entry> revision) {
		Entry entry = revision.getEntity();
		return entryView(new Entry(entry.id(), revision.getRequiredRevisionNumber(), entry.user(), entry.collection(),
				entry.name(), entry.value()), isDeleted(revision) ? revision.getRequiredRevisionInstant() : null);
	}

	private Map<String, Object> entryView(Entry entry, @Nullable Instant deletedAt) {
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("user", entry.user());
		meta.put("collection", entry.collection());
		meta.put("entry", entry.id());
		meta.put("version", entry.version());
		meta.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("meta", meta);
		if (entry.name() != null) {
			body.put("name", entry.name());
		}
		if (entry.value() != null) {
			body.put("value", entry.value());
		}
		return body;
	}

	/**
	 * Which items a listing shows.
	 */
	public enum Filter {

		/** Live items only (the default). */
		LATEST,

		/** The latest revision of every item, deleted ones included. */
		CURRENT,

		/**
		 * Every revision of every item, deleted ones included, each item's in revision order (DynamoDB-mini's version
		 * rows).
		 */
		ALL;

		boolean includesDeleted() {
			return this != LATEST;
		}

		static Filter parse(@Nullable String value) {
			if (value == null || value.isEmpty() || value.equals("latest")) {
				return LATEST;
			}
			if (value.equals("current")) {
				return CURRENT;
			}
			if (value.equals("all")) {
				return ALL;
			}
			// DynamoDB-mini treats any other value as latest
			return LATEST;
		}
	}

	/**
	 * {@code If-Match} handling: {@code "3"}, {@code W/"3"} and {@code *}.
	 */
	static final class IfMatch {

		private IfMatch() {
		}

		/**
		 * @return the version the write must find, or {@code null} without a precondition
		 * @throws ApiException 412 when no listed version is the current one
		 */
		static @Nullable Long version(@Nullable String header, long current) {
			if (header == null || header.isBlank()) {
				return null;
			}
			for (String tag : header.split(",")) {
				String value = tag.trim();
				if (value.equals("*")) {
					return current;
				}
				if (value.startsWith("W/")) {
					value = value.substring(2);
				}
				value = value.replace("\"", "");
				if (value.equals(Long.toString(current))) {
					return current;
				}
			}
			throw ApiException.preconditionFailed(current);
		}
	}

	static Optional<Instant> parseInstant(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Instant.parse(value));
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw ApiException.badRequest("asOf must be an ISO-8601 instant such as 2024-01-31T12:00:00Z");
		}
	}
}

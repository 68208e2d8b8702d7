package io.dynamini.sample;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.dynamini.sample.MiniViews.CollectionView;
import io.dynamini.sample.MiniViews.EntryView;
import io.dynamini.sample.MiniViews.HistoryView;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DynamoDB-mini's HTTP API, unchanged, plus history, time travel, restore and ETags: parses requests, calls
 * {@link MiniStore}, renders {@link MiniViews} with their status and {@code ETag}; errors become problem details
 * ({@link ApiErrors}).
 */
@RestController
@RequestMapping("/api")
public class MiniController {

	static final String JSON_PATCH = "application/json-patch+json";

	private final MiniStore store;

	private final MiniViews views;

	public MiniController(MiniStore store, MiniViews views) {
		this.store = store;
		this.views = views;
	}

	// ------------------------------------------------------------------------------------- collections

	@GetMapping("/collection")
	List<CollectionView> allCollections(@RequestParam(required = false) @Nullable String filter) {
		return store.listCollections(Filter.parse(filter)).stream().map(views::collection).toList();
	}

	@GetMapping("/user/{user}/collection")
	List<CollectionView> userCollections(@PathVariable String user,
			@RequestParam(required = false) @Nullable String filter) {
		return store.listCollections(user, Filter.parse(filter)).stream().map(views::collection).toList();
	}

	@GetMapping("/user/{user}/collection/{collection}")
	ResponseEntity<List<CollectionView>> collection(@PathVariable String user, @PathVariable String collection,
			@RequestParam(required = false) @Nullable String filter,
			@RequestParam(required = false) @Nullable String asOf) {
		Filter parsed = Filter.parse(filter);
		Instant instant = instant(asOf);
		if (parsed == Filter.ALL && instant == null) {
			return versions(store.collectionVersions(user, collection), views::collection);
		}
		return versions(List.of(store.getCollection(user, collection, parsed, instant)), views::collection);
	}

	@PostMapping("/user/{user}/collection")
	ResponseEntity<CollectionView> createCollection(@PathVariable String user, @RequestBody Map<String, Object> body) {
		return item(HttpStatus.CREATED, store.createCollection(user, body), views::collection);
	}

	@PutMapping("/user/{user}/collection/{collection}")
	ResponseEntity<CollectionView> renameCollection(@PathVariable String user, @PathVariable String collection,
			@RequestBody Map<String, Object> body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.renameCollection(user, collection, body, IfMatch.parse(ifMatch)),
				views::collection);
	}

	@DeleteMapping("/user/{user}/collection/{collection}")
	ResponseEntity<CollectionView> deleteCollection(@PathVariable String user, @PathVariable String collection,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.deleteCollection(user, collection, IfMatch.parse(ifMatch)), views::collection);
	}

	@PostMapping("/user/{user}/collection/{collection}/restore")
	ResponseEntity<CollectionView> restoreCollection(@PathVariable String user, @PathVariable String collection) {
		return item(HttpStatus.OK, store.restoreCollection(user, collection), views::collection);
	}

	@GetMapping("/user/{user}/collection/{collection}/history")
	HistoryView<CollectionView> collectionHistory(@PathVariable String user, @PathVariable String collection,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return views.history(store.collectionHistory(user, collection, page, size), views::collection);
	}

	// ------------------------------------------------------------------------------------------ entries

	@GetMapping("/user/{user}/collection/{collection}/entry")
	List<EntryView> entries(@PathVariable String user, @PathVariable String collection,
			@RequestParam(required = false) @Nullable String filter) {
		return store.listEntries(user, collection, Filter.parse(filter)).stream().map(views::entry).toList();
	}

	@GetMapping("/user/{user}/collection/{collection}/entry/{entry}")
	ResponseEntity<List<EntryView>> entry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry, @RequestParam(required = false) @Nullable String filter,
			@RequestParam(required = false) @Nullable String asOf) {
		Filter parsed = Filter.parse(filter);
		Instant instant = instant(asOf);
		if (parsed == Filter.ALL && instant == null) {
			return versions(store.entryVersions(user, collection, entry), views::entry);
		}
		return versions(List.of(store.getEntry(user, collection, entry, parsed, instant)), views::entry);
	}

	@PostMapping("/user/{user}/collection/{collection}/entry")
	ResponseEntity<EntryView> createEntry(@PathVariable String user, @PathVariable String collection,
			@RequestBody Map<String, Object> body) {
		return item(HttpStatus.CREATED, store.createEntry(user, collection, body), views::entry);
	}

	@PutMapping("/user/{user}/collection/{collection}/entry/{entry}")
	ResponseEntity<EntryView> updateEntry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry, @RequestBody Map<String, Object> body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.updateEntry(user, collection, entry, body, IfMatch.parse(ifMatch)),
				views::entry);
	}

	@DeleteMapping("/user/{user}/collection/{collection}/entry/{entry}")
	ResponseEntity<EntryView> deleteEntry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.deleteEntry(user, collection, entry, IfMatch.parse(ifMatch)), views::entry);
	}

	@PostMapping("/user/{user}/collection/{collection}/entry/{entry}/restore")
	ResponseEntity<EntryView> restoreEntry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry) {
		return item(HttpStatus.OK, store.restoreEntry(user, collection, entry), views::entry);
	}

	@GetMapping("/user/{user}/collection/{collection}/entry/{entry}/history")
	HistoryView<EntryView> entryHistory(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return views.history(store.entryHistory(user, collection, entry, page, size), views::entry);
	}

	@GetMapping(path = "/user/{user}/collection/{collection}/history/{revision}/changes",
			produces = { JSON_PATCH, MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<List<Map<String, Object>>> collectionChanges(@PathVariable String user,
			@PathVariable String collection, @PathVariable long revision) {
		return patch(views.patch(store.collectionChanges(user, collection, revision), Set.of("name")));
	}

	@GetMapping(path = "/user/{user}/collection/{collection}/entry/{entry}/history/{revision}/changes",
			produces = { JSON_PATCH, MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<List<Map<String, Object>>> entryChanges(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry, @PathVariable long revision) {
		return patch(views.patch(store.entryChanges(user, collection, entry, revision), Set.of("name", "value")));
	}

	private static ResponseEntity<List<Map<String, Object>>> patch(List<Map<String, Object>> operations) {
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(JSON_PATCH)).body(operations);
	}

	// ------------------------------------------------------------------------------------------ HTTP

	/**
	 * One item, or every version of one ({@code filter=all}), as DynamoDB-mini answers them: an array; the ETag is
	 * the newest version's.
	 */
	private static <T, V> ResponseEntity<List<V>> versions(List<Revisioned<T>> rows, Function<Revisioned<T>, V> view) {
		return ResponseEntity.ok().eTag(etag(rows.get(rows.size() - 1))).body(rows.stream().map(view).toList());
	}

	private static <T, V> ResponseEntity<V> item(HttpStatus status, Revisioned<T> revisioned,
			Function<Revisioned<T>, V> view) {
		return ResponseEntity.status(status).eTag(etag(revisioned)).body(view.apply(revisioned));
	}

	private static String etag(Revisioned<?> revisioned) {
		return "\"" + revisioned.version() + "\"";
	}

	private static @Nullable Instant instant(@Nullable String asOf) {
		if (asOf == null || asOf.isEmpty()) {
			return null;
		}
		try {
			return Instant.parse(asOf);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException("asOf must be an ISO-8601 instant such as 2024-01-31T12:00:00Z");
		}
	}
}

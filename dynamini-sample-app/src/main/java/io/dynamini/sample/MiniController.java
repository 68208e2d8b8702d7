package io.dynamini.sample;

import java.util.List;
import java.util.Map;

import io.dynamini.sample.MiniStore.Filter;
import io.dynamini.sample.MiniStore.Versioned;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
 * DynamoDB-mini's HTTP API, unchanged, plus history, time travel, restore and ETags.
 */
@RestController
@RequestMapping("/api")
public class MiniController {

	private final MiniStore store;

	public MiniController(MiniStore store) {
		this.store = store;
	}

	// ------------------------------------------------------------------------------------- collections

	@GetMapping("/collection")
	List<Map<String, Object>> allCollections(@RequestParam(required = false) @Nullable String filter) {
		return store.listCollections(Filter.parse(filter));
	}

	@GetMapping("/user/{user}/collection")
	List<Map<String, Object>> userCollections(@PathVariable String user,
			@RequestParam(required = false) @Nullable String filter) {
		return store.listCollections(user, Filter.parse(filter));
	}

	@GetMapping("/user/{user}/collection/{collection}")
	ResponseEntity<List<Map<String, Object>>> collection(@PathVariable String user, @PathVariable String collection,
			@RequestParam(required = false) @Nullable String filter,
			@RequestParam(required = false) @Nullable String asOf) {
		Filter parsed = Filter.parse(filter);
		Versioned latest = store.getCollection(user, collection, parsed, MiniStore.parseInstant(asOf).orElse(null));
		return parsed == Filter.ALL && asOf == null
				? versions(latest, store.collectionVersions(user, collection)) : single(latest);
	}

	@PostMapping("/user/{user}/collection")
	ResponseEntity<Map<String, Object>> createCollection(@PathVariable String user,
			@RequestBody Map<String, Object> body) {
		return item(HttpStatus.CREATED, store.createCollection(user, body));
	}

	@PutMapping("/user/{user}/collection/{collection}")
	ResponseEntity<Map<String, Object>> renameCollection(@PathVariable String user, @PathVariable String collection,
			@RequestBody Map<String, Object> body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.renameCollection(user, collection, body, ifMatch));
	}

	@DeleteMapping("/user/{user}/collection/{collection}")
	ResponseEntity<Map<String, Object>> deleteCollection(@PathVariable String user, @PathVariable String collection,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.deleteCollection(user, collection, ifMatch));
	}

	@PostMapping("/user/{user}/collection/{collection}/restore")
	ResponseEntity<Map<String, Object>> restoreCollection(@PathVariable String user, @PathVariable String collection) {
		return item(HttpStatus.OK, store.restoreCollection(user, collection));
	}

	@GetMapping("/user/{user}/collection/{collection}/history")
	Map<String, Object> collectionHistory(@PathVariable String user, @PathVariable String collection,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return store.collectionHistory(user, collection, page, size);
	}

	// ------------------------------------------------------------------------------------------ entries

	@GetMapping("/user/{user}/collection/{collection}/entry")
	List<Map<String, Object>> entries(@PathVariable String user, @PathVariable String collection,
			@RequestParam(required = false) @Nullable String filter) {
		return store.listEntries(user, collection, Filter.parse(filter));
	}

	@GetMapping("/user/{user}/collection/{collection}/entry/{entry}")
	ResponseEntity<List<Map<String, Object>>> entry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry, @RequestParam(required = false) @Nullable String filter,
			@RequestParam(required = false) @Nullable String asOf) {
		Filter parsed = Filter.parse(filter);
		Versioned latest = store.getEntry(user, collection, entry, parsed, MiniStore.parseInstant(asOf).orElse(null));
		return parsed == Filter.ALL && asOf == null
				? versions(latest, store.entryVersions(user, collection, entry)) : single(latest);
	}

	@PostMapping("/user/{user}/collection/{collection}/entry")
	ResponseEntity<Map<String, Object>> createEntry(@PathVariable String user, @PathVariable String collection,
			@RequestBody Map<String, Object> body) {
		return item(HttpStatus.CREATED, store.createEntry(user, collection, body));
	}

	@PutMapping("/user/{user}/collection/{collection}/entry/{entry}")
	ResponseEntity<Map<String, Object>> updateEntry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry, @RequestBody Map<String, Object> body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.updateEntry(user, collection, entry, body, ifMatch));
	}

	@DeleteMapping("/user/{user}/collection/{collection}/entry/{entry}")
	ResponseEntity<Map<String, Object>> deleteEntry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return item(HttpStatus.OK, store.deleteEntry(user, collection, entry, ifMatch));
	}

	@PostMapping("/user/{user}/collection/{collection}/entry/{entry}/restore")
	ResponseEntity<Map<String, Object>> restoreEntry(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry) {
		return item(HttpStatus.OK, store.restoreEntry(user, collection, entry));
	}

	@GetMapping("/user/{user}/collection/{collection}/entry/{entry}/history")
	Map<String, Object> entryHistory(@PathVariable String user, @PathVariable String collection,
			@PathVariable String entry, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return store.entryHistory(user, collection, entry, page, size);
	}

	private static ResponseEntity<List<Map<String, Object>>> single(Versioned versioned) {
		return ResponseEntity.ok().eTag(etag(versioned)).body(List.of(versioned.body()));
	}

	/** Every version of one item ({@code filter=all}), as DynamoDB-mini's version rows; the ETag is the newest's. */
	private static ResponseEntity<List<Map<String, Object>>> versions(Versioned latest, List<Map<String, Object>> all) {
		return ResponseEntity.ok().eTag(etag(latest)).body(all);
	}

	private static ResponseEntity<Map<String, Object>> item(HttpStatus status, Versioned versioned) {
		return ResponseEntity.status(status).eTag(etag(versioned)).body(versioned.body());
	}

	private static String etag(Versioned versioned) {
		return "\"" + versioned.version() + "\"";
	}
}

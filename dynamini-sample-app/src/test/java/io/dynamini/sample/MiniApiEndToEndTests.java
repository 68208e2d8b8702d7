package io.dynamini.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DynamoDB-mini's HTTP API end to end: a real server on a random port, the embedded engine, plain HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.api-keys=src/test/resources/test-api-keys.json", "dynamini.table.name=e2e" })
@ExtendWith(OutputCaptureExtension.class)
class MiniApiEndToEndTests {

	static final String A = "key-a";

	static final String B = "key-b";

	final HttpClient http = HttpClient.newHttpClient();

	/** Counts the DynamoDB requests the server sends, by operation. */
	@org.springframework.boot.test.context.TestConfiguration
	static class Requests {

		static final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> counts =
				new java.util.concurrent.ConcurrentHashMap<>();

		@org.springframework.context.annotation.Bean
		software.amazon.awssdk.core.interceptor.ExecutionInterceptor requestCounter() {
			return new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
				@Override
				public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
						software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
					counts.computeIfAbsent(attributes.getAttribute(
							software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME),
							key -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
				}
			};
		}

		static java.util.Map<String, Long> snapshot() {
			java.util.Map<String, Long> copy = new java.util.TreeMap<>();
			counts.forEach((operation, count) -> copy.put(operation, count.get()));
			return copy;
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	record Reply(int status, @Nullable String etag, @Nullable String contentType, JsonNode body) {

		String id(String field) {
			return body.path("meta").path(field).asString();
		}
	}

	Reply call(String method, String path, @Nullable String key, @Nullable String body, String... headers) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(body));
			if (key != null) {
				request.header("x-api-key", key);
			}
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			for (int i = 0; i < headers.length; i += 2) {
				request.header(headers[i], headers[i + 1]);
			}
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode node = response.body().isEmpty() ? json.missingNode() : json.readTree(response.body());
			return new Reply(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
					response.headers().firstValue("Content-Type").orElse(null), node);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String enc(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String user(String user) {
		return "/api/user/" + enc(user) + "/collection";
	}

	String newCollection(String key, String user, String name) {
		Reply created = call("POST", user(user), key, "{\"name\": \"" + name + "\"}");
		assertThat(created.status()).isEqualTo(201);
		return created.id("collection");
	}

	String newEntry(String key, String user, String collection, String name, String value) {
		Reply created = call("POST", user(user) + "/" + collection + "/entry", key,
				"{\"name\": \"" + name + "\", \"value\": " + value + "}");
		assertThat(created.status()).isEqualTo(201);
		return created.id("entry");
	}

	static List<String> names(JsonNode array) {
		assertThat(array.isArray()).as("array: %s", array).isTrue();
		return array.valueStream().map(node -> node.path("name").asString()).toList();
	}

	@Test
	void theReadmeSessionWorksEndToEnd() {
		String u = "alice-" + System.nanoTime();
		Reply created = call("POST", user(u), A, "{\"name\": \"posts\"}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.etag()).isEqualTo("\"1\"");
		assertThat(created.body().path("meta").path("application").asString()).isEqualTo("app-a");
		assertThat(created.body().path("meta").path("user").asString()).isEqualTo(u);
		assertThat(created.body().path("meta").path("deletedAt").isNull()).isTrue();
		String c = created.id("collection");
		assertThat(call("POST", user(u), A, "{\"name\": \"posts\"}").id("collection")).as("safe to repeat").isEqualTo(c);

		Reply entry = call("POST", user(u) + "/" + c + "/entry", A,
				"{\"name\": \"post-1\", \"value\": {\"title\": \"Hello\", \"likes\": 1, \"tags\": [\"a\", \"b\"], \"ratio\": 0.5}}");
		assertThat(entry.status()).isEqualTo(201);
		String e = entry.id("entry");
		String path = user(u) + "/" + c + "/entry/" + e;
		Instant afterCreate = Instant.now();

		Reply updated = call("PUT", path, A, "{\"value\": {\"title\": \"Hello again\", \"likes\": 2}}");
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.etag()).isEqualTo("\"2\"");
		assertThat(updated.body().path("name").asString()).isEqualTo("post-1");
		assertThat(updated.body().path("value").path("likes").asInt()).isEqualTo(2);

		Reply got = call("GET", path, A, null);
		assertThat(got.status()).isEqualTo(200);
		assertThat(got.etag()).isEqualTo("\"2\"");
		assertThat(got.body().get(0).path("value").path("title").asString()).isEqualTo("Hello again");

		Reply asOf = call("GET", path + "?asOf=" + afterCreate, A, null);
		assertThat(asOf.body().get(0).path("value").path("title").asString()).isEqualTo("Hello");
		assertThat(asOf.body().get(0).path("value").path("tags").get(1).asString()).isEqualTo("b");
		assertThat(asOf.body().get(0).path("value").path("ratio").asDouble()).isEqualTo(0.5);

		Reply deleted = call("DELETE", path, A, null);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body().path("meta").path("deletedAt").isString()).isTrue();
		assertThat(call("GET", path, A, null).status()).isEqualTo(404);
		assertThat(call("GET", path + "?filter=current", A, null).body().get(0).path("meta").path("version").asLong())
			.isEqualTo(3);
		assertThat(names(call("GET", user(u) + "/" + c + "/entry", A, null).body())).isEmpty();
		Reply current = call("GET", user(u) + "/" + c + "/entry?filter=current", A, null);
		assertThat(names(current.body())).containsExactly("post-1");
		assertThat(current.body().get(0).path("meta").path("deletedAt").isString()).isTrue();

		Reply history = call("GET", path + "/history", A, null);
		assertThat(history.body().path("content").valueStream().map(r -> r.path("type").asString()).toList())
			.containsExactly("INSERT", "UPDATE", "DELETE");
		assertThat(history.body().path("page").path("totalElements").asLong()).isEqualTo(3);
		Reply secondPage = call("GET", path + "/history?page=1&size=2", A, null);
		assertThat(secondPage.body().path("content").get(0).path("revision").asLong()).isEqualTo(3);

		Reply restored = call("POST", path + "/restore", A, null);
		assertThat(restored.status()).isEqualTo(200);
		assertThat(restored.etag()).isEqualTo("\"4\"");
		assertThat(restored.body().path("value").path("title").asString()).isEqualTo("Hello again");
		assertThat(names(call("GET", user(u) + "/" + c + "/entry", A, null).body())).containsExactly("post-1");
	}

	@Test
	void collectionsListRenameDeleteAndRestore() {
		String u = "bob-" + System.nanoTime();
		String first = newCollection(A, u, "first");
		String second = newCollection(A, u, "second");
		String other = newCollection(A, u + "-other", "theirs");

		assertThat(names(call("GET", user(u), A, null).body())).containsExactly("first", "second");
		assertThat(names(call("GET", "/api/collection", A, null).body())).contains("first", "second", "theirs");
		Reply one = call("GET", user(u) + "/" + first, A, null);
		assertThat(one.status()).isEqualTo(200);
		assertThat(names(one.body())).containsExactly("first");
		assertThat(call("GET", user(u) + "/" + other, A, null).status()).as("another user's collection").isEqualTo(404);

		Reply renamed = call("PUT", user(u) + "/" + second, A, "{\"name\": \"second renamed\"}");
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.body().path("name").asString()).isEqualTo("second renamed");
		assertThat(call("PUT", user(u) + "/missing", A, "{\"name\": \"x\"}").status()).isEqualTo(404);

		assertThat(call("DELETE", user(u) + "/" + first, A, null).status()).isEqualTo(200);
		assertThat(call("DELETE", user(u) + "/" + first, A, null).status()).isEqualTo(404);
		assertThat(names(call("GET", user(u), A, null).body())).containsExactly("second renamed");
		assertThat(names(call("GET", user(u) + "?filter=current", A, null).body())).containsExactly("first",
				"second renamed");
		assertThat(call("GET", user(u) + "/" + first, A, null).status()).isEqualTo(404);
		assertThat(call("GET", user(u) + "/" + first + "?filter=current", A, null).status()).isEqualTo(200);
		assertThat(call("GET", user(u) + "/" + first + "/entry", A, null).status()).isEqualTo(404);

		assertThat(call("POST", user(u) + "/" + first + "/restore", A, null).status()).isEqualTo(200);
		assertThat(names(call("GET", user(u), A, null).body())).containsExactly("first", "second renamed");
		assertThat(call("GET", user(u) + "/" + first + "/history", A, null).body().path("content").size()).isEqualTo(3);
		assertThat(call("GET", user("nobody-" + System.nanoTime()), A, null).body().size()).isZero();
	}

	@Test
	void entriesListInCreationOrderAndPartialUpdatesKeepTheRest() {
		String u = "carol-" + System.nanoTime();
		String c = newCollection(A, u, "notes");
		for (int i = 0; i < 5; i++) {
			newEntry(A, u, c, "n" + i, "{\"i\": " + i + "}");
		}
		assertThat(names(call("GET", user(u) + "/" + c + "/entry", A, null).body()))
			.containsExactly("n0", "n1", "n2", "n3", "n4");

		String e = newEntry(A, u, c, "keep", "{\"v\": 1}");
		String path = user(u) + "/" + c + "/entry/" + e;
		assertThat(call("PUT", path, A, "{\"name\": \"renamed\"}").body().path("value").path("v").asInt()).isEqualTo(1);
		assertThat(call("PUT", path, A, "{\"value\": {\"v\": 2}}").body().path("name").asString()).isEqualTo("renamed");
	}

	@Test
	void badRequestsGetProblemDetailsAndChangeNothing() {
		String u = "dave-" + System.nanoTime();
		String c = newCollection(A, u, "c");
		String e = newEntry(A, u, c, "e", "{\"v\": 1}");
		String path = user(u) + "/" + c + "/entry/" + e;

		List<Reply> bad = List.of(call("POST", user(u), A, "{\"name\": \"\"}"),
				call("POST", user(u), A, "{\"name\": \"" + "x".repeat(256) + "\"}"),
				call("POST", user(u), A, "{\"name\": 42}"), call("POST", user(u), A, "{not json"),
				call("POST", user(u) + "/" + c + "/entry", A, "{\"name\": \"x\", \"value\": \"text\"}"),
				call("POST", user(u) + "/" + c + "/entry", A, "{\"name\": \"\", \"value\": {}}"),
				call("POST", user(u) + "/" + c + "/entry", A, "{\"value\": []}"),
				call("PUT", path, A, "{}"), call("PUT", path, A, "{\"value\": 3}"),
				call("PUT", path, A, "{\"name\": \"\"}"), call("PUT", user(u) + "/" + c, A, "{\"name\": null}"),
				call("GET", path + "?asOf=yesterday", A, null));
		for (Reply reply : bad) {
			assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(reply.body().path("status").asInt()).isEqualTo(400);
		}
		assertThat(names(call("GET", user(u), A, null).body())).containsExactly("c");
		assertThat(names(call("GET", user(u) + "/" + c + "/entry", A, null).body())).containsExactly("e");
		assertThat(call("GET", path, A, null).etag()).isEqualTo("\"1\"");
		// as in DynamoDB-mini, an unknown filter means latest
		Reply unknownFilter = call("GET", user(u) + "?filter=everything", A, null);
		assertThat(unknownFilter.status()).isEqualTo(200);
		assertThat(names(unknownFilter.body())).containsExactly("c");
		assertThat(newCollection(A, u, "y".repeat(255))).isNotEmpty();
		assertThat(newCollection(A, u, "with spaces and ünïcödé")).isNotEmpty();
	}

	@Test
	void ifMatchProtectsAgainstLostUpdates() {
		String u = "erin-" + System.nanoTime();
		String c = newCollection(A, u, "c");
		String e = newEntry(A, u, c, "e", "{\"v\": 1}");
		String path = user(u) + "/" + c + "/entry/" + e;
		assertThat(call("PUT", path, A, "{\"value\": {\"v\": 2}}", "If-Match", "\"1\"").status()).isEqualTo(200);

		Reply stale = call("PUT", path, A, "{\"value\": {\"v\": 3}}", "If-Match", "\"1\"");
		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.contentType()).startsWith("application/problem+json");
		assertThat(call("DELETE", path, A, null, "If-Match", "\"1\"").status()).isEqualTo(412);
		assertThat(call("PUT", user(u) + "/" + c, A, "{\"name\": \"n\"}", "If-Match", "\"7\"").status()).isEqualTo(412);
		assertThat(call("DELETE", user(u) + "/" + c, A, null, "If-Match", "\"9\"").status()).isEqualTo(412);

		Reply now = call("GET", path, A, null);
		assertThat(now.etag()).isEqualTo("\"2\"");
		assertThat(now.body().get(0).path("value").path("v").asInt()).isEqualTo(2);
		assertThat(call("PUT", user(u) + "/" + c, A, "{\"name\": \"n\"}", "If-Match", "\"1\"").status()).isEqualTo(200);
		assertThat(call("DELETE", path, A, null, "If-Match", "W/\"2\"").status()).isEqualTo(200);
	}

	@Test
	void missingOrWrongKeysGet401AndChangeNothing(CapturedOutput output) {
		String u = "frank-" + System.nanoTime();
		String c = newCollection(A, u, "c");
		for (String key : new String[] { null, "", "wrong-key", "key-a-", "KEY-A" }) {
			assertThat(call("GET", "/api/collection", key, null).status()).isEqualTo(401);
			assertThat(call("POST", user(u), key, "{\"name\": \"intruder\"}").status()).isEqualTo(401);
			assertThat(call("DELETE", user(u) + "/" + c, key, null).status()).isEqualTo(401);
			Reply reply = call("PUT", user(u) + "/" + c, key, "{\"name\": \"intruder\"}");
			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.contentType()).startsWith("application/problem+json");
		}
		assertThat(names(call("GET", user(u), A, null).body())).containsExactly("c");
		assertThat(call("GET", "/api/collection", "key-a2", null).status()).as("second key of app-a").isEqualTo(200);
		assertThat(output.getAll()).doesNotContain("key-a").doesNotContain("key-b").doesNotContain("wrong-key");
	}

	@Test
	void applicationsNeverReachEachOther() {
		String u = "gina-" + System.nanoTime();
		String c = newCollection(A, u, "private");
		String e = newEntry(A, u, c, "secret", "{\"s\": 1}");
		String collection = user(u) + "/" + c;
		String entry = collection + "/entry/" + e;

		assertThat(names(call("GET", "/api/collection?filter=current", B, null).body())).doesNotContain("private");
		assertThat(names(call("GET", user(u) + "?filter=current", B, null).body())).isEmpty();
		for (String path : List.of(collection, collection + "?filter=current", collection + "/entry",
				collection + "/entry?filter=current", entry, entry + "?filter=current", collection + "/history",
				entry + "/history", entry + "?asOf=" + Instant.now())) {
			Reply reply = call("GET", path, B, null);
			assertThat(reply.status()).as(path).isEqualTo(404);
			assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
		}
		assertThat(call("PUT", collection, B, "{\"name\": \"taken\"}").status()).isEqualTo(404);
		assertThat(call("PUT", entry, B, "{\"value\": {\"s\": 2}}").status()).isEqualTo(404);
		assertThat(call("POST", collection + "/entry", B, "{\"name\": \"x\", \"value\": {}}").status()).isEqualTo(404);
		assertThat(call("DELETE", entry, B, null).status()).isEqualTo(404);
		assertThat(call("DELETE", collection, B, null).status()).isEqualTo(404);
		assertThat(call("POST", collection + "/restore", B, null).status()).isEqualTo(404);
		assertThat(call("POST", entry + "/restore", B, null).status()).isEqualTo(404);
		String theirs = newCollection(B, u, "private");
		assertThat(theirs).as("same user and name in another application").isNotEqualTo(c);

		Reply mine = call("GET", entry, A, null);
		assertThat(mine.etag()).isEqualTo("\"1\"");
		assertThat(mine.body().get(0).path("value").path("s").asInt()).isEqualTo(1);
		assertThat(names(call("GET", user(u), A, null).body())).containsExactly("private");
	}

	@Test
	void usersAreStoredExactlyAsGiven() {
		String base = "Hanna Smith " + System.nanoTime();
		String spaced = newCollection(A, base, "one");
		newCollection(A, base.toLowerCase().replace(' ', '-'), "two");
		newCollection(A, base + "#x", "three");
		assertThat(names(call("GET", user(base), A, null).body())).containsExactly("one");
		assertThat(call("GET", user(base) + "/" + spaced, A, null).body().get(0).path("meta").path("user").asString())
			.isEqualTo(base);
		assertThat(names(call("GET", user(base + "#x"), A, null).body())).containsExactly("three");
	}

	@Test
	void entriesTooLargeForDynamoDbGet413() {
		String u = "ivan-" + System.nanoTime();
		String c = newCollection(A, u, "c");
		Reply reply = call("POST", user(u) + "/" + c + "/entry", A,
				"{\"name\": \"big\", \"value\": {\"blob\": \"" + "x".repeat(500 * 1024) + "\"}}");
		assertThat(reply.status()).isEqualTo(413);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(names(call("GET", user(u) + "/" + c + "/entry?filter=current", A, null).body())).isEmpty();
	}

	@Test
	void healthShowsTheTable() {
		Reply health = call("GET", "/actuator/health", null, null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body().path("components").path("dynamini").path("details").path("table").asString())
			.isEqualTo("e2e");
	}

	@Test
	void apiKeysFileEntriesMapToApplications(@Autowired ApiKeys keys) {
		assertThat(keys.applicationOf("key-a")).contains("app-a");
		assertThat(keys.applicationOf("key-b")).contains("app-b");
		assertThat(keys.applicationOf("nope")).isEmpty();
	}

	@Test
	void entriesTakeDynamoDbMinisShapesAndFilterAllListsEveryVersion() {
		String u = "mini-" + System.nanoTime();
		String c = newCollection(A, u, "c");
		String entries = user(u) + "/" + c + "/entry";

		Reply nameOnly = call("POST", entries, A, "{\"name\": \"only a name\"}");
		assertThat(nameOnly.status()).isEqualTo(201);
		assertThat(nameOnly.body().has("value")).isFalse();
		Reply valueOnly = call("POST", entries, A, "{\"value\": [1, {\"two\": 2}, \"three\"]}");
		assertThat(valueOnly.status()).isEqualTo(201);
		assertThat(valueOnly.body().path("value").get(1).path("two").asInt()).isEqualTo(2);
		assertThat(valueOnly.body().has("name")).isFalse();
		String e = valueOnly.id("entry");
		Reply replaced = call("PUT", entries + "/" + e, A, "{\"name\": \"named\", \"value\": {\"v\": 2}}");
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.body().path("name").asString()).isEqualTo("named");
		assertThat(replaced.body().path("value").path("v").asInt()).isEqualTo(2);
		assertThat(call("DELETE", entries + "/" + e, A, null).status()).isEqualTo(200);

		JsonNode all = call("GET", entries + "?filter=all", A, null).body();
		List<String> rows = all.valueStream()
			.map(row -> row.path("meta").path("entry").asString() + "@" + row.path("meta").path("version").asLong()
					+ (row.path("meta").path("deletedAt").isString() ? " deleted" : ""))
			.toList();
		assertThat(rows).containsExactly(nameOnly.id("entry") + "@1", e + "@1", e + "@2", e + "@3 deleted");
		assertThat(names(call("GET", entries + "?filter=latest", A, null).body())).containsExactly("only a name");

		JsonNode collections = call("GET", user(u) + "?filter=all", A, null).body();
		assertThat(collections.size()).isEqualTo(1);
		// a single item answers an array, as DynamoDB-mini: with filter=all, all its versions
		Reply versions = call("GET", entries + "/" + e + "?filter=all", A, null);
		assertThat(versions.body().valueStream().map(row -> row.path("meta").path("version").asLong()).toList())
			.containsExactly(1L, 2L, 3L);
		assertThat(versions.etag()).isEqualTo("\"3\"");
		assertThat(call("GET", entries + "/" + e + "?filter=current", A, null).body().size()).isEqualTo(1);
		assertThat(call("GET", entries + "/" + e, A, null).status()).isEqualTo(404);
	}

	@Test
	void aRevisionsChangeIsAJsonPatchOfTheItem() {
		String u = "patch-" + System.nanoTime();
		String c = newCollection(A, u, "docs");
		String entries = user(u) + "/" + c + "/entry";
		String e = newEntry(A, u, c, "doc", "{\"title\": \"Hello\", \"tags\": [\"a\", \"b\"], \"a/b\": 1}");
		assertThat(call("PUT", entries + "/" + e, A, "{\"value\": {\"title\": \"Hello again\", \"tags\": [\"a\"], "
				+ "\"a/b\": 2, \"new\": {\"x\": true}}}").status()).isEqualTo(200);

		Reply second = call("GET", entries + "/" + e + "/history/2/changes", A, null);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.contentType()).startsWith("application/json-patch+json");
		assertThat(second.body().toString()).isEqualTo("[{\"op\":\"replace\",\"path\":\"/value/a~1b\",\"value\":2},"
				+ "{\"op\":\"add\",\"path\":\"/value/new\",\"value\":{\"x\":true}},"
				+ "{\"op\":\"remove\",\"path\":\"/value/tags/1\"},"
				+ "{\"op\":\"replace\",\"path\":\"/value/title\",\"value\":\"Hello again\"}]");
		Reply first = call("GET", entries + "/" + e + "/history/1/changes", A, null);
		assertThat(first.body().valueStream().map(op -> op.path("op").asString() + " " + op.path("path").asString()))
			.containsExactly("add /name", "add /value");

		call("PUT", user(u) + "/" + c, A, "{\"name\": \"renamed\"}");
		assertThat(call("GET", user(u) + "/" + c + "/history/2/changes", A, null).body().toString())
			.isEqualTo("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]");

		assertThat(call("GET", entries + "/" + e + "/history/3/changes", A, null).status()).isEqualTo(404);
		assertThat(call("GET", entries + "/" + e + "/history/2/changes", B, null).status())
			.as("another application's key").isEqualTo(404);
	}

	@Test
	void concurrentIdenticalPostsCreateOneCollectionAndANameIsFreeAgainAfterADeleteOrRename() throws Exception {
		String u = "race-" + System.nanoTime();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
			List<java.util.concurrent.Future<Reply>> posts = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				posts.add(pool.submit(() -> {
					start.await();
					return call("POST", user(u), A, "{\"name\": \"same\"}");
				}));
			}
			java.util.Set<String> ids = new java.util.HashSet<>();
			for (java.util.concurrent.Future<Reply> post : posts) {
				Reply reply = post.get();
				assertThat(reply.status()).isEqualTo(201);
				ids.add(reply.id("collection"));
			}
			assertThat(ids).as("one collection for 8 concurrent identical POSTs").hasSize(1);
			assertThat(names(call("GET", user(u), A, null).body())).containsExactly("same");

			String first = ids.iterator().next();
			assertThat(call("DELETE", user(u) + "/" + first, A, null).status()).isEqualTo(200);
			String second = call("POST", user(u), A, "{\"name\": \"same\"}").id("collection");
			assertThat(second).as("the deleted collection's name is free").isNotEqualTo(first);
			assertThat(call("PUT", user(u) + "/" + second, A, "{\"name\": \"renamed\"}").status()).isEqualTo(200);
			String third = call("POST", user(u), A, "{\"name\": \"same\"}").id("collection");
			assertThat(third).as("a renamed collection's old name is free").isNotIn(first, second);
			assertThat(call("POST", user(u), A, "{\"name\": \"renamed\"}").id("collection"))
				.as("the new name is claimed by the renamed collection").isEqualTo(second);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aDeleteIsOneReadAndOneTransaction() {
		String u = "cost-" + System.nanoTime();
		String c = newCollection(A, u, "costs");
		String e = newEntry(A, u, c, "e", "{}");
		// the change feed reads the stream with its own client: only the table client's requests are counted
		Requests.counts.clear();

		assertThat(call("DELETE", user(u) + "/" + c + "/entry/" + e, A, null).status()).isEqualTo(200);
		assertThat(Requests.snapshot()).containsEntry("GetItem", 1L).containsEntry("TransactWriteItems", 1L)
			.doesNotContainKeys("Query", "BatchGetItem");

		Requests.counts.clear();
		Reply deleted = call("DELETE", user(u) + "/" + c, A, null);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body().path("meta").path("deletedAt").isString()).isTrue();
		assertThat(Requests.snapshot()).containsEntry("GetItem", 1L).containsEntry("TransactWriteItems", 1L)
			.doesNotContainKeys("Query", "BatchGetItem");

		String other = newEntry(A, u, newCollection(A, u, "other"), "x", "{}");
		assertThat(call("DELETE", user(u) + "/" + c + "/entry/" + other, A, null).status())
			.as("an entry of another collection").isEqualTo(404);
		String orphan = newEntry(A, u, newCollection(A, u, "gone"), "y", "{}");
		String gone = call("GET", user(u) + "?filter=latest", A, null).body().valueStream()
			.filter(collection -> collection.path("name").asString().equals("gone"))
			.map(collection -> collection.path("meta").path("collection").asString())
			.findFirst()
			.orElseThrow();
		assertThat(call("DELETE", user(u) + "/" + gone, A, null).status()).isEqualTo(200);
		assertThat(call("DELETE", user(u) + "/" + gone + "/entry/" + orphan, A, null).status())
			.as("an entry of a deleted collection").isEqualTo(404);
	}
}

package io.dynamini.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/events} over real HTTP, read as a browser's EventSource reads it: the calling application's
 * changes arrive as they happen, named by change type; another application's never do; no key, no stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.api-keys=src/test/resources/test-api-keys.json", "dynamini.table.name=events",
				"dynamini.changes.poll-interval=100ms" })
class EventsEndToEndTests {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	final List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeStreams() {
		streams.forEach(stream -> stream.cancel(true));
	}

	/** Subscribes with {@code key} and collects the stream's lines as they arrive. */
	List<String> subscribe(String key) throws Exception {
		List<String> lines = new CopyOnWriteArrayList<>();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/events"))
			.header("x-api-key", key)
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
		streams.add(CompletableFuture.runAsync(() -> response.body().forEach(lines::add)));
		return lines;
	}

	int post(String key, String path, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("x-api-key", key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	@Test
	void anApplicationSeesItsOwnChangesAsTheyHappenAndNeverAnothersApplications() throws Exception {
		List<String> ofA = subscribe("key-a");
		List<String> ofB = subscribe("key-b");
		String user = "sse-" + System.nanoTime();

		assertThat(post("key-a", "/api/user/" + user + "/collection", "{\"name\": \"watched\"}")).isEqualTo(201);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> ofA.stream().anyMatch(line -> line.startsWith("data:") && line.contains("\"watched\"")));
		assertThat(ofA).contains("event:INSERT");
		assertThat(ofA.stream().filter(line -> line.startsWith("data:")).toList())
			.anySatisfy(line -> assertThat(line).contains("\"kind\":\"collection\"", "\"user\":\"" + user + "\"",
					"\"revision\":1"));

		assertThat(post("key-b", "/api/user/" + user + "/collection", "{\"name\": \"of b\"}")).isEqualTo(201);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> ofB.stream().anyMatch(line -> line.startsWith("data:") && line.contains("\"of b\"")));
		assertThat(ofB).noneMatch(line -> line.contains("watched"));
		assertThat(ofA).noneMatch(line -> line.contains("of b"));
	}

	@Test
	void withoutAKeyThereIsNoStream() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/events")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
	}
}

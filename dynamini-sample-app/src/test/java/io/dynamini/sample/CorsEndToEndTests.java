package io.dynamini.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CORS as a browser client of DynamoDB-mini meets it, over real HTTP: preflights without a key, headers on every
 * response, 401s included (the original runs Express's {@code cors()} before its key check).
 */
class CorsEndToEndTests {

	static final String ORIGIN = "http://localhost:3000";

	static HttpResponse<String> send(int port, String method, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "sample.api-keys=src/test/resources/test-api-keys.json", "dynamini.table.name=cors" })
	class AnyOrigin {

		@LocalServerPort
		int port;

		@Test
		void aPreflightWithoutKeyIsAnswered204WithEverythingTheBrowserAsksFor() throws Exception {
			for (String method : new String[] { "GET", "PUT", "PATCH", "POST", "DELETE" }) {
				HttpResponse<String> preflight = send(port, "OPTIONS", "/api/user/alice/collection", "Origin", ORIGIN,
						"Access-Control-Request-Method", method, "Access-Control-Request-Headers",
						"x-api-key,content-type");

				assertThat(preflight.statusCode()).isEqualTo(204);
				assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
				assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().split(","))
					.contains(method, "HEAD");
				assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
					.contains("x-api-key")
					.contains("content-type");
				assertThat(preflight.body()).isEmpty();
			}
		}

		@Test
		void everyResponseCarriesTheOriginHeaderA401Included() throws Exception {
			HttpResponse<String> unauthorized = send(port, "GET", "/api/collection", "Origin", ORIGIN);
			assertThat(unauthorized.statusCode()).isEqualTo(401);
			assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
			assertThat(unauthorized.headers().firstValue("Content-Type").orElseThrow())
				.isEqualToIgnoringCase("application/problem+json;charset=UTF-8");

			HttpResponse<String> withoutOrigin = send(port, "GET", "/api/collection");
			assertThat(withoutOrigin.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

			HttpResponse<String> ok = send(port, "GET", "/api/collection", "Origin", ORIGIN, "x-api-key", "key-a");
			assertThat(ok.statusCode()).isEqualTo(200);
			assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
			assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).containsIgnoringCase("ETag");
		}

		@Test
		void pathsOutsideTheApiAreLeftAlone() throws Exception {
			assertThat(send(port, "GET", "/actuator/health", "Origin", ORIGIN).headers()
				.firstValue("Access-Control-Allow-Origin")).isEmpty();
		}
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "sample.api-keys=src/test/resources/test-api-keys.json", "dynamini.table.name=cors-listed",
					"sample.cors.allowed-origins=https://app.example, https://admin.example" })
	class ListedOrigins {

		@LocalServerPort
		int port;

		@Test
		void onlyListedOriginsAreAllowed() throws Exception {
			HttpResponse<String> listed = send(port, "OPTIONS", "/api/collection", "Origin", "https://admin.example",
					"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-api-key");
			assertThat(listed.statusCode()).isEqualTo(204);
			assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://admin.example");
			assertThat(listed.headers().allValues("Vary")).anyMatch(vary -> vary.contains("Origin"));

			HttpResponse<String> other = send(port, "GET", "/api/collection", "Origin", "https://evil.example");
			assertThat(other.statusCode()).isEqualTo(401);
			assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		}
	}
}

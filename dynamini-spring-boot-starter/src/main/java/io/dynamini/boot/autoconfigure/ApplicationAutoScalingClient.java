package io.dynamini.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The two calls of the Application Auto Scaling API dynamini makes (JSON 1.1 protocol, SigV4 signed with the AWS
 * SDK's own signer and the DynamoDB client's credentials and region).
 *
 * <p>Why not {@code software.amazon.awssdk:applicationautoscaling}: dynamini's build must use one AWS SDK version
 * throughout (mixed versions crashed v0.1 applications), and the package registry this project is built from does not
 * serve that module at dynamini's SDK version. Replace this class with the SDK client once it does.
 */
final class ApplicationAutoScalingClient {

	private static final String TARGET_PREFIX = "AnyScaleFrontendService.";

	private static final String SIGNING_NAME = "application-autoscaling";

	private final URI endpoint;

	private final Region region;

	private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/**
	 * @param endpoint the API's endpoint, or {@code null} for {@code https://application-autoscaling.<region>.amazonaws.com}
	 */
	ApplicationAutoScalingClient(@Nullable URI endpoint, Region region,
			IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
		this.endpoint = endpoint != null ? endpoint
				: URI.create("https://application-autoscaling." + region.id() + ".amazonaws.com/");
		this.region = region;
		this.credentials = credentials;
	}

	/**
	 * Sends one call.
	 *
	 * @throws org.springframework.dao.DataAccessException naming the operation and what the service answered
	 */
	void send(TableAutoScaling.Call call) {
		byte[] body = call.body().getBytes(StandardCharsets.UTF_8);
		SdkHttpFullRequest request = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(endpoint)
			.putHeader("Content-Type", "application/x-amz-json-1.1")
			.putHeader("X-Amz-Target", TARGET_PREFIX + call.operation())
			.build();
		SignedRequest signed = AwsV4HttpSigner.create()
			.sign(r -> r.identity(credentials.resolveIdentity().join())
				.request(request)
				.payload(ContentStreamProvider.fromByteArray(body))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
				.putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
		HttpRequest.Builder http = HttpRequest.newBuilder(signed.request().getUri())
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
			if (!header.getKey().equalsIgnoreCase("Host") && !header.getKey().equalsIgnoreCase("Content-Length")) {
				header.getValue().forEach(value -> http.header(header.getKey(), value));
			}
		}
		HttpResponse<InputStream> response;
		String answer;
		try {
			response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new DataAccessResourceFailureException("Application Auto Scaling " + call.operation() + " failed: "
					+ ex.getMessage(), new UncheckedIOException(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("Interrupted during Application Auto Scaling " + call.operation(), ex);
		}
		int status = response.statusCode();
		if (status / 100 == 2) {
			return;
		}
		String message = "Application Auto Scaling %s answered %d: %s".formatted(call.operation(), status, answer);
		if (status == 403 || answer.contains("AccessDenied")) {
			throw new PermissionDeniedDataAccessException(message, null);
		}
		if (status / 100 == 4 && !answer.contains("Throttling") && !answer.contains("ConcurrentUpdate")) {
			throw new InvalidDataAccessResourceUsageException(message);
		}
		throw new DataAccessResourceFailureException(message);
	}
}

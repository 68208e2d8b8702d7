package io.dynamini.embedded.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import io.dynamini.embedded.operations.Operations;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * An SDK HTTP client that reaches the engine in the same JVM without a socket: the whole SDK pipeline (marshalling,
 * signing, retries, interceptors, CRC32 checks) runs as over HTTP; only the bytes skip the network. A lost-response
 * fault surfaces as the {@code IOException} a dropped connection gives.
 */
public final class InProcessHttpClient implements SdkHttpClient {

	private final Operations operations;

	public InProcessHttpClient(Operations operations) {
		this.operations = operations;
	}

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		return new ExecutableHttpRequest() {
			@Override
			public HttpExecuteResponse call() throws IOException {
				byte[] body;
				if (request.contentStreamProvider().isPresent()) {
					try (InputStream in = request.contentStreamProvider().get().newStream()) {
						body = in.readAllBytes();
					}
				}
				else {
					body = new byte[0];
				}
				Optional<String> target = request.httpRequest().firstMatchingHeader("X-Amz-Target");
				Exchange.Reply reply = Exchange.handle(operations, target.orElse(null), body);
				if (reply.dropped()) {
					throw new IOException("Connection reset: the engine applied the request and dropped its response (fault injection)");
				}
				AbortableInputStream content = AbortableInputStream.create(new ByteArrayInputStream(reply.body()));
				SdkHttpFullResponse response = SdkHttpFullResponse.builder()
					.statusCode(reply.status())
					.putHeader("Content-Type", Exchange.CONTENT_TYPE)
					.putHeader("Content-Length", Integer.toString(reply.body().length))
					.putHeader("x-amzn-RequestId", reply.requestId())
					.putHeader("x-amz-crc32", Long.toString(reply.crc32()))
					.content(content)
					.build();
				return HttpExecuteResponse.builder().response(response).responseBody(content).build();
			}

			@Override
			public void abort() {
			}
		};
	}

	@Override
	public String clientName() {
		return "dynamini-embedded";
	}

	@Override
	public void close() {
	}
}

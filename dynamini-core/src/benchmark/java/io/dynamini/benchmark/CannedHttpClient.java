package io.dynamini.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that takes the engine out of the picture, as the AWS SDK team measures its enhanced client
 * (aws-sdk-java-v2 #1726, #6809): {@link Mode#LIVE} passes requests to the real client (the dynamini engine);
 * {@link Mode#RECORD} also keeps a copy of each response (status, headers - with DynamoDB's {@code x-amz-crc32} of the
 * body - and body) under the request's operation ({@code X-Amz-Target}); {@link Mode#REPLAY} answers each request at
 * once with the response recorded for its operation. So the whole SDK pipeline runs (marshalling, signing,
 * interceptors, the request body written out, CRC32 check, unmarshalling) and only the network and the engine are gone.
 */
final class CannedHttpClient implements SdkHttpClient {

	enum Mode {
		LIVE, RECORD, REPLAY
	}

	private record Canned(SdkHttpResponse response, byte[] body) {
	}

	private final SdkHttpClient live;

	private final Map<String, Canned> recorded = new ConcurrentHashMap<>();

	private volatile Mode mode = Mode.LIVE;

	/** Threads that pass through to the engine whatever the mode (a benchmark's own setup). */
	private final ThreadLocal<Boolean> passingThrough = ThreadLocal.withInitial(() -> false);

	CannedHttpClient(SdkHttpClient live) {
		this.live = live;
	}

	/** Switches mode; {@link Mode#RECORD} forgets what was recorded before. */
	void mode(Mode mode) {
		if (mode == Mode.RECORD) {
			recorded.clear();
		}
		this.mode = mode;
	}

	/** Runs {@code work} on this thread against the real engine, whatever the mode. */
	<R> R passThrough(Supplier<R> work) {
		boolean before = passingThrough.get();
		passingThrough.set(true);
		try {
			return work.get();
		}
		finally {
			passingThrough.set(before);
		}
	}

	void passThrough(Runnable work) {
		passThrough(() -> {
			work.run();
			return null;
		});
	}

	/** @return the operations recorded, for checks */
	List<String> recordedOperations() {
		return recorded.keySet().stream().sorted().toList();
	}

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		String operation = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("?");
		Mode current = passingThrough.get() ? Mode.LIVE : mode;
		if (current == Mode.REPLAY) {
			Canned canned = recorded.get(operation);
			if (canned == null) {
				throw new IllegalStateException("No response recorded for " + operation + "; recorded: " + recorded.keySet());
			}
			return new ExecutableHttpRequest() {
				@Override
				public HttpExecuteResponse call() throws IOException {
					// a real client writes the request body out: so does this one
					if (request.contentStreamProvider().isPresent()) {
						try (InputStream body = request.contentStreamProvider().get().newStream()) {
							body.transferTo(OutputStream.nullOutputStream());
						}
					}
					return HttpExecuteResponse.builder()
						.response(canned.response())
						.responseBody(AbortableInputStream.create(new ByteArrayInputStream(canned.body())))
						.build();
				}

				@Override
				public void abort() {
				}
			};
		}
		ExecutableHttpRequest call = live.prepareRequest(request);
		if (current == Mode.LIVE) {
			return call;
		}
		return new ExecutableHttpRequest() {
			@Override
			public HttpExecuteResponse call() throws IOException {
				HttpExecuteResponse response = call.call();
				byte[] body;
				try (InputStream in = response.responseBody().map(stream -> (InputStream) stream)
					.orElse(InputStream.nullInputStream())) {
					body = in.readAllBytes();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				if (response.httpResponse().isSuccessful()) {
					recorded.put(operation, new Canned(response.httpResponse(), body));
				}
				return HttpExecuteResponse.builder()
					.response(response.httpResponse())
					.responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
					.build();
			}

			@Override
			public void abort() {
				call.abort();
			}
		};
	}

	@Override
	public void close() {
		live.close();
	}
}

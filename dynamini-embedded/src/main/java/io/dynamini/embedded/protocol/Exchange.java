package io.dynamini.embedded.protocol;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32;

import io.dynamini.embedded.operations.Operations;

/**
 * One request/response exchange of DynamoDB's JSON 1.0 protocol, whatever carries it (loopback HTTP or the
 * in-process client): parses the body, runs the operation, and answers with the body, the status,
 * {@code x-amzn-RequestId} and {@code x-amz-crc32}; or, for a lost-response fault, with nothing.
 */
public final class Exchange {

	public static final String CONTENT_TYPE = "application/x-amz-json-1.0";

	private static final System.Logger logger = System.getLogger(Exchange.class.getName());

	/** Request ids: a random start per engine process, then counted (no secure random per request). */
	private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong(
			UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);

	private static final String PROCESS = Long.toHexString(UUID.randomUUID().getLeastSignificantBits()).toUpperCase();

	private Exchange() {
	}

	private static String nextRequestId() {
		return PROCESS + Long.toHexString(REQUESTS.incrementAndGet()).toUpperCase();
	}

	/**
	 * @param status the HTTP status
	 * @param body the JSON body
	 * @param requestId the request id
	 * @param crc32 the CRC32 of the body
	 * @param dropped whether the response is lost (the connection is to be closed without one)
	 */
	public record Reply(int status, byte[] body, String requestId, long crc32, boolean dropped) {
	}

	public static Reply handle(Operations operations, String target, byte[] body) {
		String requestId = nextRequestId();
		Object response;
		int status = 200;
		boolean dropped = false;
		try {
			Object request;
			try {
				request = Json.parse(new String(body, StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				throw EngineException.serialization(ex.getMessage());
			}
			Operations.Outcome outcome = operations.handle(target, request);
			response = outcome.body();
			dropped = outcome.lost();
		}
		catch (EngineException ex) {
			response = ex.body();
			status = ex.status();
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.ERROR, "Internal error serving " + target, ex);
			EngineException internal = EngineException.internalServerError();
			response = internal.body();
			status = internal.status();
		}
		byte[] bytes = Json.write(response).getBytes(StandardCharsets.UTF_8);
		CRC32 crc = new CRC32();
		crc.update(bytes);
		return new Reply(status, bytes, requestId, crc.getValue(), dropped);
	}
}

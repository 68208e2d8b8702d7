package io.dynamini.embedded.conformance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The conformance suite against moto's server (a second, independent implementation in Python), started from this
 * machine's {@code python3 -m moto.server} on a free loopback port. Where moto is absent the class is skipped with a
 * message. Where moto is known to differ from DynamoDB's documentation the rule is skipped for it, with the reason
 * (docs/engine.md lists these).
 */
class MotoConformanceTests extends AbstractConformanceTests {

	/** Rules moto does not follow (moto 5.2.1, each seen failing on it 2026-12-06), with what it does instead. */
	static final Map<String, String> MOTO_DIFFERS = Map.ofEntries(
			Map.entry("numbers normalized", "moto returns numbers as written (01.500), DynamoDB trims leading and trailing zeros (1.5)"),
			Map.entry("reserved words", "moto accepts reserved words (status) as attribute names in a ProjectionExpression"),
			Map.entry("batch limits", "moto accepts a BatchWriteItem of more than 25 writes"),
			Map.entry("legacy Expected", "moto applies a DeleteItem whose legacy Expected condition does not hold"),
			Map.entry("item size accounting", "moto refuses an item of 409,510 bytes (names and values), under DynamoDB's 400 KB"),
			Map.entry("ClientRequestToken", "moto ignores client request tokens: a repeated transaction is applied twice"),
			Map.entry("no record for a no-op write", "moto writes a MODIFY stream record for a put that changes nothing"),
			Map.entry("consumed capacity", "moto reports 1 write unit for a put of 1.5 KB (DynamoDB: 2, one per KB or part of one)"),
			Map.entry("LSI fetch", "moto returns only projected attributes for Select ALL_ATTRIBUTES on a keys-only local index"));

	static Process moto;

	static DynamoDbClient client;

	static DynamoDbStreamsClient streams;

	@BeforeAll
	static void startMoto() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		try {
			moto = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			Assumptions.abort("moto's server cannot run here (no python3): " + ex.getMessage());
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			if (!moto.isAlive()) {
				Assumptions.abort("moto's server is not installed in this machine's Python (python3 -m moto.server exited "
						+ moto.exitValue() + "); the moto run is skipped");
			}
			try (Socket probe = new Socket("127.0.0.1", port)) {
				break;
			}
			catch (IOException notYet) {
				if (System.nanoTime() > deadline) {
					moto.destroyForcibly();
					Assumptions.abort("moto's server did not listen within 30 s");
				}
				Thread.sleep(100);
			}
		}
		URI endpoint = URI.create("http://127.0.0.1:" + port);
		client = Clients.dynamoDb(endpoint, null);
		streams = Clients.streams(endpoint, null);
	}

	@AfterAll
	static void stopMoto() {
		if (moto != null) {
			moto.destroy();
		}
	}

	@Override
	String unsupported(String rule) {
		return MOTO_DIFFERS.get(rule);
	}

	@Override
	DynamoDbClient client() {
		return client;
	}

	@Override
	DynamoDbStreamsClient streams() {
		return streams;
	}
}

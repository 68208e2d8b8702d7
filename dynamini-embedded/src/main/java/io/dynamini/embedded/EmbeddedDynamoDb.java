package io.dynamini.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import org.jspecify.annotations.Nullable;

/**
 * DynamoDB Local's server, started in-process on a free loopback port and reached by the normal SDK client over
 * HTTP, so retries, interceptors and metrics behave as they do against AWS. Its telemetry is off; it keeps its data
 * in memory, or in a folder across restarts. Usable without Spring: {@code try (var engine = new EmbeddedDynamoDb(null))}.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(EmbeddedDynamoDb.class.getName());

	private final DynamoDBProxyServer server;

	private final URI endpoint;

	/**
	 * Starts the engine.
	 *
	 * @param path folder for the engine's data, or {@code null} to keep it in memory
	 */
	public EmbeddedDynamoDb(@Nullable Path path) {
		Sqlite4javaNativeLibrary.ensureAvailable();
		Started started = startOnFreePort(path);
		this.server = started.server();
		this.endpoint = started.endpoint();
		logger.log(System.Logger.Level.INFO, "Embedded DynamoDB engine listening on " + endpoint
				+ (path == null ? " (in memory)" : " (data in " + path.toAbsolutePath() + ")"));
	}

	private record Started(DynamoDBProxyServer server, URI endpoint) {
	}

	private static Started startOnFreePort(@Nullable Path path) {
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			int port = freePort();
			try {
				return new Started(start(port, path), URI.create("http://127.0.0.1:" + port));
			}
			catch (Exception ex) {
				failure = new IllegalStateException("Could not start the embedded DynamoDB engine on port " + port, ex);
			}
		}
		throw failure;
	}

	private static DynamoDBProxyServer start(int port, @Nullable Path path) throws Exception {
		List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
		if (path == null) {
			args.add("-inMemory");
		}
		else {
			Files.createDirectories(path);
			args.addAll(List.of("-dbPath", path.toAbsolutePath().toString()));
		}
		DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
		bindToLoopback(server);
		server.start();
		return server;
	}

	/**
	 * DynamoDB Local listens on every interface and has no option for that: bind its connector to the loopback
	 * address, so the engine, which checks no credentials, is never reachable from the network.
	 */
	private static void bindToLoopback(DynamoDBProxyServer proxy) {
		try {
			java.lang.reflect.Field field = DynamoDBProxyServer.class.getDeclaredField("server");
			field.setAccessible(true);
			org.eclipse.jetty.server.Server jetty = (org.eclipse.jetty.server.Server) field.get(proxy);
			for (org.eclipse.jetty.server.Connector connector : jetty.getConnectors()) {
				if (connector instanceof org.eclipse.jetty.server.ServerConnector network) {
					network.setHost("127.0.0.1");
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException("Could not bind the embedded DynamoDB engine to the loopback address", ex);
		}
	}

	/**
	 * @return the engine's HTTP endpoint on the loopback interface
	 */
	public URI getEndpoint() {
		return endpoint;
	}

	/**
	 * Stops the engine; a Spring bean of this type is closed with its context.
	 */
	@Override
	public void close() {
		try {
			server.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop the embedded DynamoDB engine", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port for the embedded DynamoDB engine", ex);
		}
	}
}

package io.dynamini.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The engine as a program, for any SDK, the AWS CLI or another language:
 * {@code java -jar dynamini-embedded-<version>-server.jar [--port N] [--path DIR]}. {@code --port 0} (the default)
 * takes a free port; without {@code --path} the data stays in memory. Prints {@code listening on
 * http://127.0.0.1:PORT} once it serves, and stops cleanly on SIGTERM (or Ctrl-C).
 */
public final class EmbeddedDynamoDbServer {

	private EmbeddedDynamoDbServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedDynamoDb.Builder builder = EmbeddedDynamoDb.builder();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--port" -> builder.port(Integer.parseInt(value(args, ++i, "--port")));
				case "--path" -> builder.path(Path.of(value(args, ++i, "--path")));
				case "--help", "-h" -> {
					System.out.println("usage: java -jar dynamini-embedded-server.jar [--port N] [--path DIR]");
					return;
				}
				default -> {
					System.err.println("Unknown option '" + args[i] + "'; usage: [--port N] [--path DIR]");
					System.exit(2);
				}
			}
		}
		EmbeddedDynamoDb engine = builder.start();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			engine.close();
			stopped.countDown();
		}, "dynamini-embedded-shutdown"));
		System.out.println("listening on " + engine.getEndpoint());
		System.out.flush();
		stopped.await();
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			System.err.println("Option " + option + " needs a value");
			System.exit(2);
		}
		return args[index];
	}
}

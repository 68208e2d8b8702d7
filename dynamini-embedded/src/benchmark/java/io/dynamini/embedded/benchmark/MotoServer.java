package io.dynamini.embedded.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/** moto's server from this machine's Python, on a free loopback port, for the side-by-side benchmark. */
final class MotoServer implements AutoCloseable {

	private final Process process;

	private final URI endpoint;

	private MotoServer(Process process, URI endpoint) {
		this.process = process;
		this.endpoint = endpoint;
	}

	static boolean available() {
		try {
			Process probe = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true).start();
			return probe.waitFor() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	static MotoServer start() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		for (int i = 0; i < 300; i++) {
			try (Socket probe = new Socket("127.0.0.1", port)) {
				return new MotoServer(process, URI.create("http://127.0.0.1:" + port));
			}
			catch (IOException notYet) {
				Thread.sleep(100);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("moto's server did not start");
	}

	URI endpoint() {
		return endpoint;
	}

	@Override
	public void close() {
		process.destroy();
	}
}

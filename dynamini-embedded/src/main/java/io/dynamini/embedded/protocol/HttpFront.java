package io.dynamini.embedded.protocol;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.dynamini.embedded.operations.Operations;

/**
 * The engine on loopback HTTP/1.1: one thread per connection, keep-alive, {@code Content-Length} or chunked request
 * bodies, {@code Expect: 100-continue}. It answers POSTs of DynamoDB's JSON protocol (any credentials, no signature
 * check) and, for a lost-response fault, closes the connection without answering.
 */
public final class HttpFront implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(HttpFront.class.getName());

	private static final int MAX_BODY = 64 * 1024 * 1024;

	private final Operations operations;

	private final ServerSocket server;

	private final ExecutorService connections;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Thread acceptor;

	private volatile boolean running = true;

	public HttpFront(Operations operations, InetAddress address, int port) throws IOException {
		this.operations = operations;
		this.server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(address, port), 512);
		AtomicInteger counter = new AtomicInteger();
		this.connections = Executors.newCachedThreadPool(runnable -> {
			Thread thread = new Thread(runnable, "dynamini-embedded-http-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.acceptor = new Thread(this::accept, "dynamini-embedded-accept-" + server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return server.getLocalPort();
	}

	private void accept() {
		while (running) {
			try {
				Socket socket = server.accept();
				socket.setTcpNoDelay(true);
				open.add(socket);
				connections.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				if (running) {
					logger.log(System.Logger.Level.WARNING, "Accepting a connection failed: " + ex.getMessage());
				}
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			HttpInput in = new HttpInput(socket.getInputStream());
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
			while (running) {
				String requestLine = in.line();
				if (requestLine == null) {
					return;
				}
				if (requestLine.isEmpty()) {
					continue;
				}
				String target = null;
				long length = 0;
				boolean chunked = false;
				boolean close = requestLine.endsWith("HTTP/1.0");
				boolean expectContinue = false;
				String header;
				while ((header = in.line()) != null && !header.isEmpty()) {
					int colon = header.indexOf(':');
					if (colon < 0) {
						continue;
					}
					String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
					String value = header.substring(colon + 1).trim();
					switch (name) {
						case "x-amz-target" -> target = value;
						case "content-length" -> length = Long.parseLong(value);
						case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
						case "connection" -> close = value.equalsIgnoreCase("close");
						case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
						default -> {
						}
					}
				}
				if (header == null) {
					return;
				}
				if (expectContinue) {
					out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				byte[] body = chunked ? chunked(in) : fixed(in, length);
				if (!requestLine.startsWith("POST")) {
					respond(out, 200, "text/plain", "dynamini embedded DynamoDB engine: POST DynamoDB's JSON protocol here\n"
							.getBytes(StandardCharsets.UTF_8), null, -1, close);
					if (close) {
						return;
					}
					continue;
				}
				Exchange.Reply reply = Exchange.handle(operations, target, body);
				if (reply.dropped()) {
					// the request was applied; the client never hears back
					socket.setSoLinger(true, 0);
					return;
				}
				respond(out, reply.status(), Exchange.CONTENT_TYPE, reply.body(), reply.requestId(), reply.crc32(), close);
				if (close) {
					return;
				}
			}
		}
		catch (SocketException ex) {
			// the client went away
		}
		catch (IOException | RuntimeException ex) {
			if (running) {
				logger.log(System.Logger.Level.DEBUG, () -> "Connection ended: " + ex);
			}
		}
		finally {
			open.remove(socket);
		}
	}

	private static void respond(OutputStream out, int status, String contentType, byte[] body, String requestId, long crc32,
			boolean close) throws IOException {
		StringBuilder head = new StringBuilder(256);
		head.append("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : status == 400 ? " Bad Request" : " Internal Server Error")
			.append("\r\nContent-Type: ").append(contentType)
			.append("\r\nContent-Length: ").append(body.length);
		if (requestId != null) {
			head.append("\r\nx-amzn-RequestId: ").append(requestId).append("\r\nx-amz-crc32: ").append(crc32);
		}
		if (close) {
			head.append("\r\nConnection: close");
		}
		head.append("\r\n\r\n");
		out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
	}

	private static byte[] fixed(HttpInput in, long length) throws IOException {
		if (length > MAX_BODY) {
			throw new IOException("request body too large");
		}
		return in.bytes((int) length);
	}

	private static byte[] chunked(HttpInput in) throws IOException {
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		while (true) {
			String size = in.line();
			if (size == null) {
				throw new IOException("connection closed mid-body");
			}
			int semicolon = size.indexOf(';');
			int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
			if (length == 0) {
				String trailer;
				while ((trailer = in.line()) != null && !trailer.isEmpty()) {
					// trailers are ignored
				}
				return body.toByteArray();
			}
			body.write(in.bytes(length));
			in.line();
			if (body.size() > MAX_BODY) {
				throw new IOException("request body too large");
			}
		}
	}

	@Override
	public void close() {
		running = false;
		try {
			server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		for (Socket socket : open) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		connections.shutdownNow();
	}
}

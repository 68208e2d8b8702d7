package io.dynamini.embedded.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A connection's input with a buffer of its own: header lines found by scanning the buffer, bodies copied out of it,
 * without a call per byte.
 */
final class HttpInput {

	private final InputStream in;

	private final byte[] buffer = new byte[16 * 1024];

	private int position;

	private int limit;

	HttpInput(InputStream in) {
		this.in = in;
	}

	private boolean fill() throws IOException {
		if (position < limit) {
			return true;
		}
		int read = in.read(buffer, 0, buffer.length);
		if (read <= 0) {
			return false;
		}
		position = 0;
		limit = read;
		return true;
	}

	/** @return the next line without its CRLF, or {@code null} at the end of the stream */
	String line() throws IOException {
		StringBuilder partial = null;
		while (fill()) {
			for (int i = position; i < limit; i++) {
				if (buffer[i] == '\n') {
					int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
					String piece = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
					position = i + 1;
					if (partial == null) {
						return piece;
					}
					partial.append(piece);
					int length = partial.length();
					if (length > 0 && partial.charAt(length - 1) == '\r') {
						partial.setLength(length - 1);
					}
					return partial.toString();
				}
			}
			if (partial == null) {
				partial = new StringBuilder();
			}
			partial.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
			position = limit;
			if (partial.length() > 64 * 1024) {
				throw new IOException("header line too long");
			}
		}
		return partial == null || partial.isEmpty() ? null : partial.toString();
	}

	/** @return exactly {@code length} bytes */
	byte[] bytes(int length) throws IOException {
		byte[] body = new byte[length];
		int copied = 0;
		while (copied < length) {
			if (!fill()) {
				throw new IOException("connection closed mid-body");
			}
			int chunk = Math.min(length - copied, limit - position);
			System.arraycopy(buffer, position, body, copied, chunk);
			position += chunk;
			copied += chunk;
		}
		return body;
	}
}

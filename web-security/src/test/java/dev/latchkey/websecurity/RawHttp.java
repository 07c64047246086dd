package dev.latchkey.websecurity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as bytes on a socket: requests no HTTP client would send (TRACE, NUL in the
 * path, a request line of 10 KB) and the answer exactly as the server wrote it.
 */
final class RawHttp {

	private RawHttp() {
	}

	record Answer(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * Sends {@code head} (request line and headers, each ending in CRLF, without the
	 * blank line) with {@code Connection: close} and the body, and reads the answer.
	 */
	static Answer send(int port, String head, String body) {
		byte[] payload = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		String request = head + ((body != null) ? "Content-Length: " + payload.length + "\r\n" : "")
				+ "Connection: close\r\n\r\n";
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.write(payload);
			out.flush();
			return parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				all.write(buffer, 0, read);
			}
		}
		catch (java.net.SocketException ex) {
			// Reset after the server answered and closed: the answer is what counts.
			if (all.size() == 0) {
				throw ex;
			}
		}
		return all.toByteArray();
	}

	private static Answer parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IllegalStateException("No complete answer: " + text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
					lines[i].substring(colon + 1).trim());
		}
		String body = text.substring(end + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Answer(status, headers,
				new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

}

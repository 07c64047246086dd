package dev.latchkey.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as bytes on a loopback socket, for tests that send what no HTTP client would
 * (a NUL in the path, TRACE, a header of 20 KB, a body that is not UTF-8) and must see
 * the answer exactly as the server wrote it. One request per connection
 * ({@code Connection: close}); {@code Content-Length} always matches the body sent.
 */
public final class RawHttp {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

	private RawHttp() {
	}

	/**
	 * A request as it goes on the wire. {@code target} and header values are written as
	 * ISO-8859-1, byte for byte.
	 *
	 * @param description what was done to make it, for failure messages
	 */
	public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body,
			String description) {

		public Request {
			headers = List.copyOf(headers);
			body = (body != null) ? body : new byte[0];
		}

		public static Request of(String method, String target, Map<String, String> headers, String body) {
			return new Request(method, target, new ArrayList<>(headers.entrySet()),
					(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null, "as is");
		}

		public String header(String name) {
			return this.headers.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase(name))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
		}

		@Override
		public String toString() {
			String target = (this.target.length() > 200) ? this.target.substring(0, 200) + "…" : this.target;
			return this.method + " " + target + " (" + this.description + ", body " + this.body.length + " bytes)";
		}

	}

	/** What the server answered; header names in lower case. */
	public record Answer(int status, Map<String, String> headers, byte[] body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			String text = bodyText();
			return this.status + " " + this.headers + " "
					+ ((text.length() > 300) ? text.substring(0, 300) + "…" : text);
		}

	}

	public static Answer send(int port, Request request) {
		StringBuilder head = new StringBuilder(request.method()).append(' ')
			.append(request.target())
			.append(" HTTP/1.1\r\nHost: localhost:")
			.append(port)
			.append("\r\n");
		for (Map.Entry<String, String> header : request.headers()) {
			head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
		}
		if (request.body().length > 0 || "POST".equals(request.method()) || "PUT".equals(request.method())) {
			head.append("Content-Length: ").append(request.body().length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			try {
				out.write(request.body());
				out.flush();
			}
			catch (SocketException ex) {
				// The server answered (413, 431...) and closed before reading it all.
			}
			return parse(readAll(socket.getInputStream()), "HEAD".equals(request.method()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No answer to " + request, ex);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[16384];
		try {
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				all.write(buffer, 0, read);
			}
		}
		catch (SocketException ex) {
			// Reset after the server answered and closed: the answer is what counts.
			if (all.size() == 0) {
				throw ex;
			}
		}
		return all.toByteArray();
	}

	private static Answer parse(byte[] raw, boolean head) {
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
			headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
					lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
		}
		String body = head ? "" : text.substring(end + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Answer(status, headers, body.getBytes(StandardCharsets.ISO_8859_1));
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", at);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
			at = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

}

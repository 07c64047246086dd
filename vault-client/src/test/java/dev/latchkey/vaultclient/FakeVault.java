package dev.latchkey.vaultclient;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.SignedRequest;

/**
 * An HTTP server standing in for the vault's internal API: it records each request,
 * checks its signature with the consumer's public key and answers what the test says.
 */
final class FakeVault implements AutoCloseable {

	private final HttpServer server;

	private final RequestVerifier verifier;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile int status = 200;

	private volatile String answer = "{}";

	private FakeVault(HttpServer server, RequestVerifier verifier) {
		this.server = server;
		this.verifier = verifier;
	}

	static FakeVault start(RequestVerifier verifier) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			FakeVault vault = new FakeVault(server, verifier);
			server.createContext("/", vault::handle);
			server.start();
			return vault;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	FakeVault answers(int status, String body) {
		this.status = status;
		this.answer = body;
		return this;
	}

	List<Received> received() {
		return this.received;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String pathAndQuery = exchange.getRequestURI().getRawPath()
					+ ((exchange.getRequestURI().getRawQuery() != null) ? "?" + exchange.getRequestURI().getRawQuery()
							: "");
			String consumer = exchange.getRequestHeaders().getFirst(SignedRequest.CONSUMER_HEADER);
			String timestamp = exchange.getRequestHeaders().getFirst(SignedRequest.TIMESTAMP_HEADER);
			String signature = exchange.getRequestHeaders().getFirst(SignedRequest.SIGNATURE_HEADER);
			boolean verified = consumer != null && timestamp != null
					&& this.verifier.verifies(new SignedRequest(consumer, exchange.getRequestMethod(), pathAndQuery,
							Long.parseLong(timestamp), body), signature);
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					query(exchange.getRequestURI().getRawQuery()), consumer, timestamp,
					exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8),
					verified));
			byte[] bytes = this.answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders()
				.set("Content-Type", (this.status == 200) ? "application/json" : "application/problem+json");
			exchange.sendResponseHeaders(this.status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static Map<String, String> query(String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				String[] nameAndValue = pair.split("=", 2);
				parameters.put(nameAndValue[0],
						URLDecoder.decode(nameAndValue[1].replace("+", "%2B"), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

	record Received(String method, String path, Map<String, String> query, String consumer, String timestamp,
			String contentType, String body, boolean verified) {
	}

}

package dev.latchkey.collector;

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
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.SignedRequest;

/**
 * The vault's internal API as far as the collector can tell: verifies each request's
 * signature with the collector's public key and answers what the test's function says (an
 * unsigned request gets the vault's 404).
 */
public final class StandInVault implements AutoCloseable {

	public final List<Received> received = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private final RequestVerifier verifier;

	private volatile Function<Received, Answer> answers;

	private StandInVault(HttpServer server, RequestVerifier verifier, Function<Received, Answer> answers) {
		this.server = server;
		this.verifier = verifier;
		this.answers = answers;
	}

	public static StandInVault start(RequestVerifier verifier, Function<Received, Answer> answers) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			StandInVault vault = new StandInVault(server, verifier, answers);
			server.createContext("/", vault::handle);
			server.start();
			return vault;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void answers(Function<Received, Answer> answers) {
		this.answers = answers;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String rawQuery = exchange.getRequestURI().getRawQuery();
			String consumer = exchange.getRequestHeaders().getFirst(SignedRequest.CONSUMER_HEADER);
			String timestamp = exchange.getRequestHeaders().getFirst(SignedRequest.TIMESTAMP_HEADER);
			boolean verified = consumer != null && timestamp != null
					&& this.verifier.verifies(
							new SignedRequest(consumer, exchange.getRequestMethod(),
									exchange.getRequestURI().getRawPath() + ((rawQuery != null) ? "?" + rawQuery : ""),
									Long.parseLong(timestamp), body),
							exchange.getRequestHeaders().getFirst(SignedRequest.SIGNATURE_HEADER));
			Map<String, String> query = new LinkedHashMap<>();
			for (String pair : (rawQuery != null) ? rawQuery.split("&") : new String[0]) {
				String[] nameAndValue = pair.split("=", 2);
				query.put(nameAndValue[0], URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
			}
			Received received = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
					new String(body, StandardCharsets.UTF_8), verified);
			this.received.add(received);
			Answer answer = verified ? this.answers.apply(received) : Answer.notFound();
			byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders()
				.set("Content-Type", (answer.status() < 300) ? "application/json" : "application/problem+json");
			exchange.sendResponseHeaders(answer.status(), (answer.status() == 204) ? -1 : bytes.length);
			if (answer.status() != 204) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
	}

	/** One request as the stand-in received it. */
	public record Received(String method, String path, Map<String, String> query, String body, boolean verified) {
	}

	/** What to answer. */
	public record Answer(int status, String json) {

		public static Answer ok(String json) {
			return new Answer(200, json);
		}

		public static Answer notFound() {
			return new Answer(404, "{\"status\":404,\"code\":\"NOT_FOUND\"}");
		}

	}

}

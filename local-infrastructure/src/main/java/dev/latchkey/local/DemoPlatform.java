package dev.latchkey.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a third-party platform so that credential verification works offline.
 * {@code GET /v1/me} with {@code Authorization: Bearer <api_key>} answers 200
 * {@code {"ok":true}} when the key starts with {@code demo_live_}, and 401
 * {@code {"error":"invalid_api_key"}} otherwise. Keys are never logged or kept.
 */
public final class DemoPlatform implements AutoCloseable {

	static final String LIVE_KEY_PREFIX = "demo_live_";

	private static final String BEARER = "Bearer ";

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicInteger requests = new AtomicInteger();

	private DemoPlatform(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Start the platform on the loopback interface.
	 * @param port the HTTP port, or {@code 0} for a free one
	 * @return the running platform
	 */
	public static DemoPlatform start(int port) {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind the demo platform to port " + port, ex);
		}
		ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "demo-platform");
			thread.setDaemon(true);
			return thread;
		});
		DemoPlatform platform = new DemoPlatform(server, executor);
		server.createContext("/v1/me", platform::me);
		server.setExecutor(executor);
		server.start();
		return platform;
	}

	public String baseUrl() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

	/**
	 * How many requests reached {@code /v1/me}, whatever their outcome.
	 * @return the request count
	 */
	public int requestCount() {
		return this.requests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void me(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.requests.incrementAndGet();
			if (!"/v1/me".equals(exchange.getRequestURI().getPath())) {
				respond(exchange, 404, "{\"error\":\"not_found\"}");
			}
			else if (!"GET".equals(exchange.getRequestMethod())) {
				exchange.getResponseHeaders().set("Allow", "GET");
				respond(exchange, 405, "{\"error\":\"method_not_allowed\"}");
			}
			else if (isLiveKey(exchange.getRequestHeaders().getFirst("Authorization"))) {
				respond(exchange, 200, "{\"ok\":true}");
			}
			else {
				respond(exchange, 401, "{\"error\":\"invalid_api_key\"}");
			}
		}
	}

	private static boolean isLiveKey(String authorization) {
		return authorization != null && authorization.startsWith(BEARER)
				&& authorization.substring(BEARER.length()).startsWith(LIVE_KEY_PREFIX);
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}

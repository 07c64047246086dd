package dev.latchkey.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a third-party platform so that credential verification works offline.
 * {@code GET /v1/me} with {@code Authorization: Bearer <api_key>} answers 200 for a key
 * of a known kind ({@code demo_live_…}, {@code demo_test_…}, {@code demo_restricted_…})
 * that was not revoked, with the key's account in the body and its scopes in
 * {@code X-OAuth-Scopes}; 401 {@code {"error":"invalid_api_key"}} otherwise.
 * <p>
 * Knobs (Java methods, and the same under {@code /admin} over HTTP on loopback): latency,
 * a rate limit answering 429 with {@code Retry-After}, revoking a key, scopes per key.
 * Counters: requests, the most requests that arrived within any one second, requests over
 * the rate limit, the most requests in flight at once. Keys are never logged; only their
 * SHA-256 is kept, for revocations and scopes.
 */
public final class DemoPlatform implements AutoCloseable {

	static final String LIVE_KEY_PREFIX = "demo_live_";

	static final List<String> KINDS = List.of("live", "test", "restricted");

	private static final String BEARER = "Bearer ";

	private static final long SECOND = 1_000_000_000L;

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicInteger requests = new AtomicInteger();

	private final Map<String, Boolean> revoked = new ConcurrentHashMap<>();

	private final Map<String, String> scopes = new ConcurrentHashMap<>();

	private final ArrayDeque<Long> lastSecond = new ArrayDeque<>();

	private volatile Duration latency = Duration.ZERO;

	private volatile int rateLimit;

	private int maxPerSecond;

	private int overLimit;

	private int inFlight;

	private int maxInFlight;

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
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind the demo platform to port " + port, ex);
		}
		// One thread per request in flight: latency is a sleep, and concurrency is a
		// knob.
		ExecutorService executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "demo-platform");
			thread.setDaemon(true);
			return thread;
		});
		DemoPlatform platform = new DemoPlatform(server, executor);
		server.createContext("/v1/me", platform::me);
		server.createContext("/admin", platform::admin);
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

	/** Every answer of {@code /v1/me} waits this long first. */
	public DemoPlatform latency(Duration latency) {
		this.latency = latency;
		return this;
	}

	/**
	 * At most this many requests within any one second; more are answered 429 with
	 * {@code Retry-After: 1} and counted as over the limit. 0 = no limit.
	 */
	public DemoPlatform rateLimit(int perSecond) {
		this.rateLimit = perSecond;
		return this;
	}

	/** The platform rejects this key from now on, as if its owner revoked it. */
	public DemoPlatform revoke(String key) {
		this.revoked.put(hash(key), true);
		return this;
	}

	/**
	 * The scopes this key holds (by default: live read,write; test read; restricted
	 * read).
	 */
	public DemoPlatform scopes(String key, String... granted) {
		this.scopes.put(hash(key), String.join(",", granted));
		return this;
	}

	public synchronized Stats stats() {
		return new Stats(this.requests.get(), this.maxPerSecond, this.overLimit, this.maxInFlight);
	}

	/** Zeroes the counters (not the knobs). */
	public synchronized DemoPlatform resetStats() {
		this.requests.set(0);
		this.maxPerSecond = 0;
		this.overLimit = 0;
		this.maxInFlight = this.inFlight;
		this.lastSecond.clear();
		return this;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * @param requests requests to {@code /v1/me}
	 * @param maxPerSecond the most that arrived within any one second (sliding window)
	 * @param overLimit requests that arrived while the rate limit was used up
	 * @param maxInFlight the most answered at once
	 */
	public record Stats(int requests, int maxPerSecond, int overLimit, int maxInFlight) {

		String toJson() {
			return "{\"requests\":" + this.requests + ",\"maxPerSecond\":" + this.maxPerSecond + ",\"overLimit\":"
					+ this.overLimit + ",\"maxInFlight\":" + this.maxInFlight + "}";
		}

	}

	private void me(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.requests.incrementAndGet();
			boolean limited = arrived();
			try {
				sleep(this.latency);
				if (!"/v1/me".equals(exchange.getRequestURI().getPath())) {
					respond(exchange, 404, "{\"error\":\"not_found\"}");
				}
				else if (!"GET".equals(exchange.getRequestMethod())) {
					exchange.getResponseHeaders().set("Allow", "GET");
					respond(exchange, 405, "{\"error\":\"method_not_allowed\"}");
				}
				else if (limited) {
					exchange.getResponseHeaders().set("Retry-After", "1");
					respond(exchange, 429, "{\"error\":\"rate_limited\"}");
				}
				else {
					answerMe(exchange, exchange.getRequestHeaders().getFirst("Authorization"));
				}
			}
			finally {
				left();
			}
		}
	}

	private void answerMe(HttpExchange exchange, String authorization) throws IOException {
		String key = (authorization != null && authorization.startsWith(BEARER))
				? authorization.substring(BEARER.length()) : null;
		String kind = kindOf(key);
		if (kind == null || this.revoked.containsKey(hash(key))) {
			respond(exchange, 401, "{\"error\":\"invalid_api_key\"}");
			return;
		}
		String id = hash(key).substring(0, 12);
		exchange.getResponseHeaders()
			.set("X-OAuth-Scopes", this.scopes.getOrDefault(hash(key), "live".equals(kind) ? "read,write" : "read"));
		respond(exchange, 200, "{\"ok\":true,\"kind\":\"" + kind + "\",\"account\":{\"id\":\"acct_" + id
				+ "\",\"name\":\"Demo " + id.substring(0, 4) + "\"}}");
	}

	private static String kindOf(String key) {
		if (key == null) {
			return null;
		}
		for (String kind : KINDS) {
			if (key.startsWith("demo_" + kind + "_")) {
				return kind;
			}
		}
		return null;
	}

	/** Counts an arrival; {@code true} when it is over the rate limit. */
	private synchronized boolean arrived() {
		long now = System.nanoTime();
		while (!this.lastSecond.isEmpty() && now - this.lastSecond.peekFirst() >= SECOND) {
			this.lastSecond.pollFirst();
		}
		int limit = this.rateLimit;
		boolean over = limit > 0 && this.lastSecond.size() >= limit;
		this.lastSecond.addLast(now);
		this.maxPerSecond = Math.max(this.maxPerSecond, this.lastSecond.size());
		if (over) {
			this.overLimit++;
		}
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		return over;
	}

	private synchronized void left() {
		this.inFlight--;
	}

	/**
	 * {@code POST /admin/keys/{key}/revoke}, {@code POST /admin/keys/{key}/scopes} (body:
	 * comma-separated scopes), {@code POST /admin/latency} (body: milliseconds),
	 * {@code POST /admin/rate-limit} (body: per second, 0 = none),
	 * {@code GET /admin/stats}, {@code POST /admin/stats/reset}.
	 */
	private void admin(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String method = exchange.getRequestMethod();
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
			List<String> parts = Arrays.asList(path.split("/"));
			try {
				if ("GET".equals(method) && "/admin/stats".equals(path)) {
					respond(exchange, 200, stats().toJson());
				}
				else if ("POST".equals(method) && "/admin/stats/reset".equals(path)) {
					resetStats();
					respond(exchange, 200, stats().toJson());
				}
				else if ("POST".equals(method) && "/admin/latency".equals(path)) {
					latency(Duration.ofMillis(Long.parseLong(body)));
					respond(exchange, 200, "{\"latencyMillis\":" + this.latency.toMillis() + "}");
				}
				else if ("POST".equals(method) && "/admin/rate-limit".equals(path)) {
					rateLimit(Integer.parseInt(body));
					respond(exchange, 200, "{\"perSecond\":" + this.rateLimit + "}");
				}
				else if ("POST".equals(method) && parts.size() == 5 && "keys".equals(parts.get(2))) {
					String key = URLDecoder.decode(parts.get(3), StandardCharsets.UTF_8);
					if ("revoke".equals(parts.get(4))) {
						revoke(key);
						respond(exchange, 200, "{\"revoked\":true}");
					}
					else if ("scopes".equals(parts.get(4))) {
						scopes(key,
								Arrays.stream(body.split(","))
									.map(String::trim)
									.filter((scope) -> !scope.isEmpty())
									.collect(Collectors.toList())
									.toArray(String[]::new));
						respond(exchange, 200, "{\"scopes\":\"" + this.scopes.get(hash(key)) + "\"}");
					}
					else {
						respond(exchange, 404, "{\"error\":\"not_found\"}");
					}
				}
				else {
					respond(exchange, 404, "{\"error\":\"not_found\"}");
				}
			}
			catch (NumberFormatException ex) {
				respond(exchange, 400, "{\"error\":\"not_a_number\"}");
			}
		}
	}

	private static void sleep(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String hash(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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

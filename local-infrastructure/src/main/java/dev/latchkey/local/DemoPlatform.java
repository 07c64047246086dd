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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 * <p>
 * A request's arrival is the moment the server's dispatcher thread finds its bytes
 * readable and hands the exchange to a worker, not the later moment the worker runs: a
 * worker thread that is slow to be scheduled must not make requests that arrived apart
 * look bunched (or, when late, look spread out). The sliding one-second window is kept in
 * arrival order even when workers run out of that order. A request stops being in flight
 * once it is answered, before its answer's bytes are written: the client cannot have the
 * answer earlier.
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

	private static final ThreadLocal<Long> DISPATCHED = new ThreadLocal<>();

	/** Arrival times (nanoTime) of the last two seconds or so, in ascending order. */
	private final ArrayList<Long> arrivals = new ArrayList<>();

	private boolean anyArrival;

	private long firstArrival;

	private long lastArrival;

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
		// Called by the dispatcher thread as soon as a request's bytes are readable: the
		// arrival time, as a platform's edge would take it.
		Executor stamping = (exchange) -> {
			long dispatched = System.nanoTime();
			executor.execute(() -> {
				DISPATCHED.set(dispatched);
				try {
					exchange.run();
				}
				finally {
					DISPATCHED.remove();
				}
			});
		};
		server.setExecutor(stamping);
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
		return new Stats(this.requests.get(), this.maxPerSecond, this.overLimit, this.maxInFlight, this.firstArrival,
				this.lastArrival);
	}

	/** Zeroes the counters (not the knobs). */
	public synchronized DemoPlatform resetStats() {
		this.requests.set(0);
		this.maxPerSecond = 0;
		this.overLimit = 0;
		this.maxInFlight = this.inFlight;
		this.arrivals.clear();
		this.anyArrival = false;
		this.firstArrival = 0;
		this.lastArrival = 0;
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
	 * @param firstArrival nanoTime of the first arrival, 0 when none
	 * @param lastArrival nanoTime of the last arrival, 0 when none
	 */
	public record Stats(int requests, int maxPerSecond, int overLimit, int maxInFlight, long firstArrival,
			long lastArrival) {

		/**
		 * @return the rate requests arrived at, first to last (per second); 0 with fewer
		 * than two
		 */
		public double arrivalRate() {
			return (this.requests < 2 || this.lastArrival == this.firstArrival) ? 0
					: (this.requests - 1) * 1e9 / (this.lastArrival - this.firstArrival);
		}

		String toJson() {
			return "{\"requests\":" + this.requests + ",\"maxPerSecond\":" + this.maxPerSecond + ",\"overLimit\":"
					+ this.overLimit + ",\"maxInFlight\":" + this.maxInFlight + "}";
		}

	}

	private void me(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.requests.incrementAndGet();
			Long dispatched = DISPATCHED.get();
			boolean limited = arrived((dispatched != null) ? dispatched : System.nanoTime());
			boolean answered = false;
			try {
				sleep(this.latency);
				left();
				answered = true;
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
				if (!answered) {
					left();
				}
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

	/**
	 * Counts an arrival at {@code at} (nanoTime); {@code true} when it is over the rate
	 * limit, i.e. at least the limit arrived within the second before it. Workers may run
	 * slightly out of arrival order: an arrival counted late is inserted in place, and
	 * later ones it pushes over the limit count as over too.
	 */
	private synchronized boolean arrived(long at) {
		while (!this.arrivals.isEmpty() && at - this.arrivals.get(0) >= 2 * SECOND) {
			this.arrivals.remove(0);
		}
		int index = upperBound(at);
		this.arrivals.add(index, at);
		int limit = this.rateLimit;
		int window = inWindowEndingAt(index);
		boolean over = limit > 0 && window > limit;
		if (over) {
			this.overLimit++;
		}
		this.maxPerSecond = Math.max(this.maxPerSecond, window);
		for (int later = index + 1; later < this.arrivals.size() && this.arrivals.get(later) - at < SECOND; later++) {
			int count = inWindowEndingAt(later);
			this.maxPerSecond = Math.max(this.maxPerSecond, count);
			if (limit > 0 && count == limit + 1) {
				this.overLimit++;
			}
		}
		if (!this.anyArrival || at < this.firstArrival) {
			this.firstArrival = at;
		}
		if (!this.anyArrival || at > this.lastArrival) {
			this.lastArrival = at;
		}
		this.anyArrival = true;
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		return over;
	}

	/** Arrivals within (t - 1 s, t] for the arrival t at this index, itself included. */
	private int inWindowEndingAt(int index) {
		long end = this.arrivals.get(index);
		int first = index;
		while (first > 0 && end - this.arrivals.get(first - 1) < SECOND) {
			first--;
		}
		int last = index;
		while (last + 1 < this.arrivals.size() && this.arrivals.get(last + 1) == end) {
			last++;
		}
		return last - first + 1;
	}

	private int upperBound(long at) {
		int index = this.arrivals.size();
		while (index > 0 && this.arrivals.get(index - 1) > at) {
			index--;
		}
		return index;
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

package dev.latchkey.embedded.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * An obedient client submitting demo keys, one integration each: every submission carries
 * an {@code Idempotency-Key} and is submitted again with the same key and body after a
 * connection failure, a 5xx or a 409, until the collector accepts it. Paced so that the
 * faults happen while it runs.
 */
final class Ingest {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String collector;

	private final String token;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	/** Integration name → the integration id the collector answered with. */
	final Map<String, String> accepted = new ConcurrentHashMap<>();

	final Map<String, String> rejected = new ConcurrentHashMap<>();

	final AtomicInteger attempts = new AtomicInteger();

	final AtomicInteger unavailable = new AtomicInteger();

	final AtomicInteger replayed = new AtomicInteger();

	private volatile String tokenOverride;

	Ingest(String collector, String token) {
		this.collector = collector;
		this.token = token;
	}

	/** A restarted launcher prints a new token (same signing key). */
	void useToken(String token) {
		this.tokenOverride = token;
	}

	/**
	 * Submits {@code count} credentials from {@code threads} threads, at most
	 * {@code perSecond} a second, and returns once all were accepted or rejected.
	 */
	void run(int count, int threads, double perSecond) throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long started = System.nanoTime();
		IntStream.range(0, count).forEach((i) -> pool.submit(() -> {
			long due = started + (long) (i / perSecond * 1e9);
			sleepNanos(due - System.nanoTime());
			submit(String.format("f-%05d", i));
		}));
		pool.shutdown();
		if (!pool.awaitTermination(2, TimeUnit.HOURS)) {
			throw new IllegalStateException("Ingest did not finish");
		}
	}

	private void submit(String name) {
		String body = "{\"name\":\"" + name + "\",\"fields\":{\"api_key\":\"demo_live_" + this.run + name.substring(2)
				+ "\"}}";
		String key = this.run + "-" + name;
		long backoff = 250;
		while (true) {
			this.attempts.incrementAndGet();
			try {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(this.collector + "/api/integrations/demo/credentials"))
					.timeout(REQUEST_TIMEOUT)
					.header("Authorization", "Bearer " + currentToken())
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", key)
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build();
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				int status = response.statusCode();
				if (status == 202) {
					if (response.headers().firstValue("Idempotent-Replayed").isPresent()) {
						this.replayed.incrementAndGet();
					}
					this.accepted.put(name, integrationId(response.body()));
					return;
				}
				if (status < 500 && status != 409 && status != 429) {
					this.rejected.put(name, status + " " + response.body());
					return;
				}
				this.unavailable.incrementAndGet();
			}
			catch (IOException ex) {
				this.unavailable.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			sleepNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
			backoff = Math.min(backoff * 2, 4000);
		}
	}

	private String currentToken() {
		return (this.tokenOverride != null) ? this.tokenOverride : this.token;
	}

	private static String integrationId(String body) {
		int at = body.indexOf("\"integrationId\":\"");
		int start = at + "\"integrationId\":\"".length();
		return body.substring(start, body.indexOf('"', start));
	}

	private static void sleepNanos(long nanos) {
		if (nanos > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(nanos);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	static List<String> names(int count) {
		return IntStream.range(0, count).mapToObj((i) -> String.format("f-%05d", i)).toList();
	}

}

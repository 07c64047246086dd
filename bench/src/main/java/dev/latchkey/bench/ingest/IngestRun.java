package dev.latchkey.bench.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntToLongFunction;

import dev.latchkey.bench.Arguments;
import dev.latchkey.bench.BearerTokens;
import dev.latchkey.bench.Figures;
import dev.latchkey.bench.Latencies;

/**
 * P1: submits N demo API keys to the collector with a fixed number of requests in flight,
 * spread over several tenants of its own ({@code <label>-tenant-<n>}), and timestamps
 * each one's arrival in the status view through one status stream per tenant. Figures:
 * accepted/s (202s), visible/s (in the status view), settled/s (verified by the scanner:
 * {@code ACTIVE}), and the latency of each from the POST.
 */
public final class IngestRun {

	private static final HexFormat HEX = HexFormat.of();

	private IngestRun() {
	}

	public static void main(Arguments args) throws Exception {
		String collector = args.text("collector");
		String status = args.text("status");
		BearerTokens tokens = new BearerTokens(Files.readString(Path.of(args.text("secret-file"))));
		int credentials = args.number("credentials", 1000);
		int concurrency = args.number("concurrency", 16);
		int tenantCount = args.number("tenants", 8);
		String label = args.text("label", "p1");
		Duration stall = args.seconds("stall-timeout", Duration.ofSeconds(60));

		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		// Tenants of this run only: every run starts with empty tenants, as large as the
		// previous run's were, so that runs compare.
		List<String> tenantTokens = new ArrayList<>();
		for (int t = 0; t < tenantCount; t++) {
			tenantTokens.add(tokens.mint(label + "-tenant-" + t, Duration.ofHours(2)));
		}
		Arrivals arrivals = new Arrivals(label, credentials);
		List<StatusWatch> watches = new ArrayList<>();
		for (String token : tenantTokens) {
			watches.add(new StatusWatch(http, URI.create(status + "/api/integrations/status/stream"), token, arrivals)
				.open());
		}
		for (StatusWatch watch : watches) {
			watch.awaitSnapshot(Duration.ofSeconds(60));
		}

		long[] sentAt = new long[credentials];
		long[] answeredAt = new long[credentials];
		AtomicIntegerArray codes = new AtomicIntegerArray(credentials);
		Semaphore inFlight = new Semaphore(concurrency);
		CountDownLatch answered = new CountDownLatch(credentials);
		SecureRandom random = new SecureRandom();
		URI submit = URI.create(collector + "/api/integrations/demo/credentials");
		System.out.printf("%s: %d credentials, %d in flight, %d tenants%n", label, credentials, concurrency,
				tenantCount);
		long start = System.nanoTime();
		for (int i = 0; i < credentials; i++) {
			byte[] key = new byte[16];
			random.nextBytes(key);
			String body = "{\"name\":\"" + Arrivals.name(label, i) + "\",\"fields\":{\"api_key\":\"demo_live_"
					+ HEX.formatHex(key) + "\"}}";
			HttpRequest request = HttpRequest.newBuilder(submit)
				.timeout(Duration.ofSeconds(60))
				.header("Authorization", "Bearer " + tenantTokens.get(i % tenantCount))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			inFlight.acquire();
			int index = i;
			sentAt[index] = System.nanoTime();
			http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				answeredAt[index] = System.nanoTime();
				codes.set(index, (response != null) ? response.statusCode() : -1);
				inFlight.release();
				answered.countDown();
			});
		}
		answered.await();
		List<Integer> accepted = new ArrayList<>();
		Map<Integer, Integer> codeCounts = new TreeMap<>();
		for (int i = 0; i < credentials; i++) {
			codeCounts.merge(codes.get(i), 1, Integer::sum);
			if (codes.get(i) == 202) {
				accepted.add(i);
			}
		}
		System.out.printf("%s: answers %s after %.1f s%n", label, codeCounts, (System.nanoTime() - start) / 1e9);
		awaitAll(accepted, arrivals::visibleAt, stall, label + ": visible");
		awaitAll(accepted, arrivals::settledAt, stall, label + ": settled");
		int reconnects = 0;
		for (StatusWatch watch : watches) {
			reconnects += watch.reconnects();
			watch.close();
		}

		Figures figures = new Figures().put("label", label)
			.put("credentials", credentials)
			.put("concurrency", concurrency)
			.put("tenants", tenantCount)
			.put("accepted", accepted.size())
			.put("refused", credentials - accepted.size())
			.put("stream_reconnects", reconnects);
		rate(figures, "accepted", accepted, (i) -> answeredAt[i], start);
		rate(figures, "visible", accepted, arrivals::visibleAt, start);
		rate(figures, "settled", accepted, arrivals::settledAt, start);
		latency(figures, "post_to_202", accepted, sentAt, (i) -> answeredAt[i]);
		latency(figures, "post_to_visible", accepted, sentAt, arrivals::visibleAt);
		latency(figures, "post_to_settled", accepted, sentAt, arrivals::settledAt);
		figures.report(args.text("out", null));
	}

	/**
	 * Waits until every accepted credential has a time, or nothing new arrived for
	 * {@code stall}.
	 */
	private static void awaitAll(List<Integer> accepted, IntToLongFunction at, Duration stall, String what)
			throws InterruptedException {
		int seen = -1;
		long progressAt = System.nanoTime();
		while (true) {
			int now = (int) accepted.stream().filter((i) -> at.applyAsLong(i) != 0).count();
			if (now == accepted.size()) {
				return;
			}
			if (now != seen) {
				seen = now;
				progressAt = System.nanoTime();
			}
			else if (System.nanoTime() - progressAt > stall.toNanos()) {
				System.out.printf("%s: %d of %d, nothing new for %d s: giving up%n", what, now, accepted.size(),
						stall.toSeconds());
				return;
			}
			Thread.sleep(50);
		}
	}

	/** How many got a time, per second from the first POST to the last of them. */
	private static void rate(Figures figures, String what, List<Integer> accepted, IntToLongFunction at, long start) {
		long count = 0;
		long last = start;
		for (int i : accepted) {
			long time = at.applyAsLong(i);
			if (time != 0) {
				count++;
				last = Math.max(last, time);
			}
		}
		figures.put(what, count);
		figures.put(what + "_per_s", (count == 0) ? Double.NaN : count / ((last - start) / 1e9));
		figures.put(what + "_seconds", (last - start) / 1e9);
	}

	private static void latency(Figures figures, String what, List<Integer> accepted, long[] sentAt,
			IntToLongFunction at) {
		long[] nanos = accepted.stream()
			.filter((i) -> at.applyAsLong(i) != 0)
			.mapToLong((i) -> at.applyAsLong(i) - sentAt[i])
			.toArray();
		Latencies latencies = new Latencies(nanos);
		figures.put(what + "_p50_ms", latencies.percentileMillis(50));
		figures.put(what + "_p99_ms", latencies.percentileMillis(99));
		figures.put(what + "_max_ms", latencies.maxMillis());
	}

}

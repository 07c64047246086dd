import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSE fan-out benchmark: opens N status streams for one tenant, then makes changes through
 * the collector (a demo key per round) and measures, for every delivered change event, the
 * time from the vault's status change ({@code updatedAt}) to its arrival at the subscriber.
 *
 * <pre>java SseFanout.java STATUS_URL COLLECTOR_URL TOKEN SUBSCRIBERS ROUNDS</pre>
 */
public class SseFanout {

	private static final Pattern UPDATED_AT = Pattern.compile("\"updatedAt\":\"([^\"]+)\"");

	public static void main(String[] args) throws Exception {
		String status = args[0];
		String collector = args[1];
		String token = args[2];
		int subscribers = Integer.parseInt(args[3]);
		int rounds = Integer.parseInt(args[4]);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch snapshots = new CountDownLatch(subscribers);
		AtomicInteger resyncs = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		HttpRequest stream = HttpRequest.newBuilder(URI.create(status + "/api/integrations/status/stream"))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream")
			.build();
		long opening = System.nanoTime();
		for (int i = 0; i < subscribers; i++) {
			http.sendAsync(stream, HttpResponse.BodyHandlers.fromLineSubscriber(new Events(latencies, snapshots, resyncs)))
				.thenAccept((response) -> {
					if (response.statusCode() != 200) {
						refused.incrementAndGet();
						snapshots.countDown();
					}
				});
		}
		if (!snapshots.await(120, TimeUnit.SECONDS)) {
			throw new IllegalStateException("only " + (subscribers - snapshots.getCount()) + " streams opened");
		}
		System.out.printf("%d streams open in %d ms (%d refused)%n", subscribers,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opening), refused.get());
		for (int round = 0; round < rounds; round++) {
			String body = "{\"name\":\"bench-" + round + "\",\"fields\":{\"api_key\":\"demo_live_bench" + round
					+ System.nanoTime() + "\"}}";
			HttpResponse<String> accepted = http.send(
					HttpRequest.newBuilder(URI.create(collector + "/api/integrations/demo/credentials"))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			if (accepted.statusCode() != 202) {
				throw new IllegalStateException("collector answered " + accepted.statusCode());
			}
			Thread.sleep(3000);
		}
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		int expected = subscribers * rounds * 2;
		System.out.printf("change events delivered: %d (expected %d: pending + active per round per stream), "
				+ "resyncs: %d%n", sorted.size(), expected, resyncs.get());
		if (!sorted.isEmpty()) {
			System.out.printf("change-to-delivery latency ms: p50 %.1f  p99 %.1f  max %.1f%n", percentile(sorted, 50),
					percentile(sorted, 99), sorted.get(sorted.size() - 1) / 1000.0);
		}
		System.exit(0);
	}

	private static double percentile(List<Long> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1000.0;
	}

	/** Reads one stream line by line; records a latency per change event (microseconds). */
	static final class Events implements Flow.Subscriber<String> {

		private final List<Long> latencies;

		private final CountDownLatch snapshots;

		private final AtomicInteger resyncs;

		private String event = "";

		Events(List<Long> latencies, CountDownLatch snapshots, AtomicInteger resyncs) {
			this.latencies = latencies;
			this.snapshots = snapshots;
			this.resyncs = resyncs;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			Instant now = Instant.now();
			if (line.startsWith("event:")) {
				this.event = line.substring(6).trim();
				if (this.event.equals("resync")) {
					this.resyncs.incrementAndGet();
				}
			}
			else if (line.startsWith("data:") && this.event.equals("snapshot")) {
				this.snapshots.countDown();
			}
			else if (line.startsWith("data:") && this.event.equals("change")) {
				Matcher updated = UPDATED_AT.matcher(line);
				if (updated.find()) {
					this.latencies.add(Duration.between(Instant.parse(updated.group(1)), now).toNanos() / 1000);
				}
			}
		}

		@Override
		public void onError(Throwable throwable) {
		}

		@Override
		public void onComplete() {
		}

	}

}

package dev.latchkey.bench.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tenant's status stream ({@code GET /api/integrations/status/stream}), timestamping
 * every integration in each snapshot and change event as it arrives. A stream that ends
 * (a {@code resync}, a restart, a refusal) is opened again with {@code Last-Event-ID};
 * the snapshot that may follow is recorded like any event, so nothing is missed, only
 * seen late.
 */
final class StatusWatch implements AutoCloseable {

	private final HttpClient http;

	private final URI stream;

	private final String token;

	private final Arrivals arrivals;

	private final CountDownLatch firstSnapshot = new CountDownLatch(1);

	private final AtomicInteger reconnects = new AtomicInteger();

	private volatile boolean closed;

	private volatile String lastEventId;

	private volatile Flow.Subscription subscription;

	StatusWatch(HttpClient http, URI stream, String token, Arrivals arrivals) {
		this.http = http;
		this.stream = stream;
		this.token = token;
		this.arrivals = arrivals;
	}

	StatusWatch open() {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.stream)
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "text/event-stream");
		if (this.lastEventId != null) {
			request.header("Last-Event-ID", this.lastEventId);
		}
		this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Lines()))
			.whenComplete((response, failure) -> reopen());
		return this;
	}

	private void reopen() {
		if (this.closed) {
			return;
		}
		this.reconnects.incrementAndGet();
		CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> {
			if (!this.closed) {
				open();
			}
		});
	}

	void awaitSnapshot(Duration timeout) throws InterruptedException {
		if (!this.firstSnapshot.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("no snapshot from " + this.stream + " within " + timeout);
		}
	}

	int reconnects() {
		return this.reconnects.get();
	}

	@Override
	public void close() {
		this.closed = true;
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

	/** Server-sent events, line by line: fields until a blank line ends the event. */
	private final class Lines implements Flow.Subscriber<String> {

		private String event = "message";

		private final StringBuilder data = new StringBuilder();

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			StatusWatch.this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			if (line.isEmpty()) {
				dispatch();
			}
			else if (line.startsWith("event:")) {
				this.event = line.substring(6).strip();
			}
			else if (line.startsWith("data:")) {
				this.data.append(line, 5, line.length());
			}
			else if (line.startsWith("id:")) {
				StatusWatch.this.lastEventId = line.substring(3).strip();
			}
		}

		private void dispatch() {
			if (this.event.equals("snapshot") || this.event.equals("change")) {
				StatusWatch.this.arrivals.record(this.data.toString(), System.nanoTime());
			}
			if (this.event.equals("snapshot")) {
				StatusWatch.this.firstSnapshot.countDown();
			}
			this.event = "message";
			this.data.setLength(0);
		}

		@Override
		public void onError(Throwable throwable) {
		}

		@Override
		public void onComplete() {
		}

	}

}

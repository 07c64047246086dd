package dev.latchkey.collector.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per tenant and per integration, in this instance's memory. A submission
 * takes one token from both or none.
 */
final class RateLimits {

	private final LimitProperties.Rate perTenant;

	private final LimitProperties.Rate perIntegration;

	private final LimitProperties.Rate scanRequests;

	private final int trackedBuckets;

	private final Clock clock;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	RateLimits(LimitProperties properties, Clock clock) {
		this.perTenant = properties.perTenant();
		this.perIntegration = properties.perIntegration();
		this.scanRequests = properties.scanRequests();
		this.trackedBuckets = properties.trackedBuckets();
		this.clock = clock;
	}

	/**
	 * Takes a token for the integration and one for its tenant.
	 * @return a refund that gives both back
	 * @throws RateLimitedException when either bucket is empty (nothing is taken)
	 */
	Runnable take(String tenantId, String integrationId) {
		Instant now = this.clock.instant();
		sweepWhenLarge(now);
		Bucket integration = bucket("integration\u0000" + integrationId, this.perIntegration);
		Bucket tenant = bucket("tenant\u0000" + tenantId, this.perTenant);
		Duration integrationWait = integration.take(now);
		if (integrationWait != null) {
			throw new RateLimitedException("integration", integrationWait);
		}
		Duration tenantWait = tenant.take(now);
		if (tenantWait != null) {
			integration.giveBack();
			throw new RateLimitedException("tenant", tenantWait);
		}
		return () -> {
			integration.giveBack();
			tenant.giveBack();
		};
	}

	/**
	 * Takes a token of the integration's on-demand scans.
	 * @return a refund that gives it back
	 * @throws RateLimitedException when it is empty
	 */
	Runnable takeScan(String integrationId) {
		Instant now = this.clock.instant();
		sweepWhenLarge(now);
		Bucket scans = bucket("scan\u0000" + integrationId, this.scanRequests);
		Duration wait = scans.take(now);
		if (wait != null) {
			throw new RateLimitedException("scan requests", "integration", wait);
		}
		return scans::giveBack;
	}

	int size() {
		return this.buckets.size();
	}

	private Bucket bucket(String key, LimitProperties.Rate rate) {
		return this.buckets.computeIfAbsent(key, (ignored) -> new Bucket(rate, this.clock.instant()));
	}

	/** A full bucket says nothing a missing one would not: drop those when many. */
	private void sweepWhenLarge(Instant now) {
		if (this.buckets.size() > this.trackedBuckets) {
			this.buckets.entrySet().removeIf((entry) -> entry.getValue().fullAt(now));
		}
	}

	private static final class Bucket {

		private final int capacity;

		private final double perNano;

		private double tokens;

		private Instant filledAt;

		Bucket(LimitProperties.Rate rate, Instant now) {
			this.capacity = rate.requests();
			this.perNano = rate.perNano();
			this.tokens = this.capacity;
			this.filledAt = now;
		}

		/** Takes a token, or returns how long until one is there. */
		synchronized Duration take(Instant now) {
			refill(now);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return null;
			}
			return Duration.ofNanos((long) Math.ceil((1 - this.tokens) / this.perNano));
		}

		synchronized void giveBack() {
			this.tokens = Math.min(this.capacity, this.tokens + 1);
		}

		synchronized boolean fullAt(Instant now) {
			refill(now);
			return this.tokens >= this.capacity;
		}

		private void refill(Instant now) {
			if (now.isAfter(this.filledAt)) {
				long nanos = Duration.between(this.filledAt, now).toNanos();
				this.tokens = Math.min(this.capacity, this.tokens + nanos * this.perNano);
				this.filledAt = now;
			}
		}

	}

}

package dev.latchkey.collector.oauth.refresh;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one refresh per integration, a margin before its tokens expire. Only integrations
 * of the partitions this instance owns are planned; when a partition goes to another
 * instance its plans are dropped there and made anew by the new owner.
 */
class RefreshScheduler implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RefreshScheduler.class);

	/** Counter of refresh attempts, tagged {@code outcome}. */
	static final String METER = "latchkey.collector.refreshes";

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);

	private final RefreshService refreshes;

	private final RefreshProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "oauth-refresh");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Planned> planned = new ConcurrentHashMap<>();

	RefreshScheduler(RefreshService refreshes, RefreshProperties properties, Clock clock, MeterRegistry meters) {
		this.refreshes = refreshes;
		this.meters = meters;
		this.properties = properties;
		this.clock = clock;
	}

	private record Planned(long version, int partition, ScheduledFuture<?> future) {
	}

	/** Plans (or re-plans) the refresh of the integration's current version. */
	void plan(Expiry expiry, int partition) {
		if (expiry.expiresAt() == null || expiry.needsTheUser()) {
			forget(expiry.integrationId());
			return;
		}
		Planned existing = this.planned.get(expiry.integrationId());
		if (existing != null && existing.version() >= expiry.version()) {
			return;
		}
		Duration delay = Duration.between(this.clock.instant(), expiry.expiresAt().minus(this.properties.margin()));
		schedule(expiry, partition, delay.isNegative() ? Duration.ZERO : delay, 0);
	}

	void forget(String integrationId) {
		Planned removed = this.planned.remove(integrationId);
		if (removed != null) {
			removed.future().cancel(false);
		}
	}

	/** Drops the plans of partitions this instance no longer owns. */
	void forgetPartitions(Collection<Integer> partitions) {
		this.planned.forEach((integrationId, planned) -> {
			if (partitions.contains(planned.partition())) {
				forget(integrationId);
			}
		});
	}

	int plannedCount() {
		return this.planned.size();
	}

	private void schedule(Expiry expiry, int partition, Duration delay, int attempt) {
		ScheduledFuture<?> future = this.executor.schedule(() -> run(expiry, partition, attempt), delay.toMillis(),
				TimeUnit.MILLISECONDS);
		Planned previous = this.planned.put(expiry.integrationId(), new Planned(expiry.version(), partition, future));
		if (previous != null && previous.future() != future) {
			previous.future().cancel(false);
		}
	}

	private void run(Expiry expiry, int partition, int attempt) {
		RefreshService.Outcome outcome;
		try {
			outcome = this.refreshes.refresh(expiry).defaultIfEmpty(RefreshService.Outcome.STALE).block(RUN_TIMEOUT);
		}
		catch (RuntimeException ex) {
			log.warn("Refresh of integration {} failed: {}", expiry.integrationId(), ex.getClass().getSimpleName());
			outcome = RefreshService.Outcome.RETRY;
		}
		Counter.builder(METER)
			.description("Token refresh attempts by outcome")
			.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
			.register(this.meters)
			.increment();
		if (outcome == RefreshService.Outcome.RETRY) {
			Duration wait = backoff(attempt + 1);
			log.info("Retrying the refresh of integration {} in {} (attempt {})", expiry.integrationId(), wait,
					attempt + 1);
			schedule(expiry, partition, wait, attempt + 1);
			return;
		}
		this.planned.computeIfPresent(expiry.integrationId(),
				(id, planned) -> (planned.version() == expiry.version()) ? null : planned);
	}

	/** Doubling from the initial back-off, ±50 % jitter, never beyond the cooldown. */
	Duration backoff(int attempt) {
		long base = this.properties.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
		long jittered = (long) (base * ThreadLocalRandom.current().nextDouble(0.5, 1.5));
		return Duration.ofMillis(Math.min(jittered, this.properties.cooldown().toMillis()));
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}

package dev.latchkey.vault.credential;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes the status of credentials that have stayed in {@code PENDING_VERIFICATION}
 * longer than {@code after} again, so that the scanner, which scans on every such status
 * (once per integration and version, re-reporting a scan it already made), tries them
 * again. Without it a credential whose scan was lost (scanner crash, lost event) would
 * wait forever.
 * <p>
 * Claim-free but bounded: one sweep at a time in this instance (ticks that arrive during
 * a sweep are dropped), at most {@code batch} credentials per sweep, oldest first,
 * continuing where the previous sweep stopped so that credentials the scanner never
 * settles cannot hold back the ones behind them. Nothing is written, so several vault
 * instances may sweep the same credential: that only publishes its current status twice,
 * which every consumer of the compacted status topic takes as it takes a re-delivery.
 * Each credential is read again just before it is published and skipped when it changed
 * meanwhile; a change that lands between that read and the send is healed by the scanner,
 * whose answer to the repeated status moves it on again.
 */
@Component
class PendingSweep implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PendingSweep.class);

	/** Status sends in flight at once during a sweep. */
	private static final int CONCURRENT_SENDS = 16;

	private final CredentialRepository credentials;

	private final StatusPublisher status;

	private final Clock clock;

	private final PendingSweepProperties properties;

	private final Scheduler scheduler;

	/** Only the one running sweep reads and moves it. */
	private volatile SweepPosition position = SweepPosition.FIRST;

	private volatile Disposable schedule;

	/** Also swept: deletions a crash interrupted. */
	private final Supplier<Mono<?>> unfinishedDeletions;

	@Autowired
	PendingSweep(CredentialRepository credentials, StatusPublisher status, Clock clock,
			PendingSweepProperties properties, Deletions deletions) {
		this(credentials, status, clock, properties, Schedulers.parallel(),
				() -> deletions.finishUnfinished(properties.after(), properties.batch()));
	}

	PendingSweep(CredentialRepository credentials, StatusPublisher status, Clock clock,
			PendingSweepProperties properties) {
		this(credentials, status, clock, properties, Schedulers.parallel(), Mono::empty);
	}

	PendingSweep(CredentialRepository credentials, StatusPublisher status, Clock clock,
			PendingSweepProperties properties, Scheduler scheduler) {
		this(credentials, status, clock, properties, scheduler, Mono::empty);
	}

	private PendingSweep(CredentialRepository credentials, StatusPublisher status, Clock clock,
			PendingSweepProperties properties, Scheduler scheduler, Supplier<Mono<?>> unfinishedDeletions) {
		this.credentials = credentials;
		this.status = status;
		this.clock = clock;
		this.properties = properties;
		this.scheduler = scheduler;
		this.unfinishedDeletions = unfinishedDeletions;
	}

	/**
	 * One sweep: the next batch of credentials pending since before {@code now - after}.
	 * @return what it found and did
	 */
	Mono<Outcome> sweep() {
		Instant updatedBefore = this.clock.instant().minus(this.properties.after());
		int batch = this.properties.batch();
		return this.credentials.findPending(updatedBefore, this.position, batch).collectList().flatMap((found) -> {
			// A short batch reached the newest: the next sweep starts from the oldest.
			this.position = (found.size() < batch) ? SweepPosition.FIRST
					: SweepPosition.after(found.get(found.size() - 1));
			return publishAgain(found);
		}).doOnNext((outcome) -> outcome.log(updatedBefore));
	}

	@Override
	public void start() {
		this.schedule = Flux.interval(this.properties.every(), this.properties.every(), this.scheduler)
			.onBackpressureDrop()
			.flatMap((tick) -> sweep().then(Mono.defer(this.unfinishedDeletions)).onErrorResume((ex) -> {
				logger.warn("Pending sweep failed, trying again in {}: {}", this.properties.every(), describe(ex));
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.schedule;
		if (running != null) {
			running.dispose();
		}
		this.schedule = null;
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

	private Mono<Outcome> publishAgain(List<Credential> found) {
		if (found.isEmpty()) {
			return Mono.just(new Outcome(0, 0, 0, 0, null));
		}
		return Flux.fromIterable(found)
			.flatMap(this::publishIfUnchanged, CONCURRENT_SENDS)
			.reduce(new Outcome(found.size(), 0, 0, 0, null), Outcome::plus);
	}

	private Mono<Outcome> publishIfUnchanged(Credential swept) {
		return this.credentials.find(swept.integrationId())
			.filter((current) -> current.state() == CredentialState.PENDING_VERIFICATION
					&& current.version() == swept.version() && Objects.equals(current.updatedAt(), swept.updatedAt()))
			.flatMap((current) -> this.status.publish(current).thenReturn(new Outcome(0, 1, 0, 0, null)))
			.defaultIfEmpty(new Outcome(0, 0, 1, 0, null))
			.onErrorResume((ex) -> Mono.just(new Outcome(0, 0, 0, 1, describe(ex))));
	}

	/** Class and message only: never a stack trace, and no event content. */
	private static String describe(Throwable ex) {
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	/**
	 * @param found pending credentials the sweep found
	 * @param published statuses published again
	 * @param changed found, but no longer the same pending credential when read again
	 * @param failed could not be published (the next sweeps try again)
	 * @param failure the first failure, described
	 */
	record Outcome(int found, int published, int changed, int failed, String failure) {

		Outcome plus(Outcome other) {
			return new Outcome(this.found + other.found, this.published + other.published, this.changed + other.changed,
					this.failed + other.failed, (this.failure != null) ? this.failure : other.failure);
		}

		void log(Instant updatedBefore) {
			if (this.failed > 0) {
				logger.warn(
						"Pending sweep: {} credentials pending since before {}; published {} again, {} changed meanwhile, {} failed ({})",
						this.found, updatedBefore, this.published, this.changed, this.failed, this.failure);
			}
			else if (this.found > 0) {
				logger.info(
						"Pending sweep: {} credentials pending since before {}; published {} again, {} changed meanwhile",
						this.found, updatedBefore, this.published, this.changed);
			}
		}

	}

}

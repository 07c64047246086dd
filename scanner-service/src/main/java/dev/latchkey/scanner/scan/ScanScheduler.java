package dev.latchkey.scanner.scan;

import java.net.InetAddress;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.scanner.ScannerProperties;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The claim loop: no timer per integration, only this. Every claim interval (and at once
 * when a scan ends while due work was left behind) it claims due integrations from the
 * shared schedule, oldest due first, up to the batch size and the free room of
 * {@code max-in-flight}, and runs their scans. Any number of instances can run it over
 * one MongoDB: a claim is a single atomic update, so each due integration goes to one of
 * them.
 */
@Component
class ScanScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ScanScheduler.class);

	private final Schedule schedule;

	private final ScanService scans;

	private final Clock clock;

	private final ObservationRegistry observations;

	private final ScannerProperties.Schedule settings;

	private final String owner;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();

	private volatile boolean saturated;

	private volatile Disposable loop;

	private final Disposable.Composite running = Disposables.composite();

	ScanScheduler(Schedule schedule, ScanService scans, Clock clock, ScannerProperties properties) {
		this(schedule, scans, clock, properties, ObservationRegistry.NOOP);
	}

	/**
	 * @param observations each scan is observed, in the trace of what made it due
	 * ({@link ScanTrace})
	 */
	@Autowired
	ScanScheduler(Schedule schedule, ScanService scans, Clock clock, ScannerProperties properties,
			ObjectProvider<ObservationRegistry> observations) {
		this(schedule, scans, clock, properties, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	private ScanScheduler(Schedule schedule, ScanService scans, Clock clock, ScannerProperties properties,
			ObservationRegistry observations) {
		this.schedule = schedule;
		this.scans = scans;
		this.clock = clock;
		this.observations = observations;
		this.settings = properties.schedule();
		this.owner = this.settings.owner().isBlank() ? hostName() + "-" + UUID.randomUUID().toString().substring(0, 8)
				: this.settings.owner();
	}

	String owner() {
		return this.owner;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	@Override
	public void start() {
		if (!this.settings.enabled()) {
			return;
		}
		this.loop = Flux.merge(Flux.interval(this.settings.claimInterval()).map((tick) -> true), this.wakeUps.asFlux())
			.onBackpressureDrop()
			.concatMap((tick) -> claimRound().onErrorResume((ex) -> {
				logger.warn("Claiming due scans failed (" + ex.getClass().getSimpleName() + "); retried next round");
				return Mono.empty();
			}), 1)
			.subscribe();
		logger.info("Claiming due scans as " + this.owner + " every " + this.settings.claimInterval());
	}

	/** Claims and starts due scans while there is room. */
	Mono<Void> claimRound() {
		int room = Math.min(this.settings.claimBatch(), this.settings.maxInFlight() - this.inFlight.get());
		this.saturated = false;
		if (room <= 0) {
			this.saturated = true;
			return Mono.empty();
		}
		// One read of the due batch, then a claim each. Claims lost to another instance
		// leave room while more may be due: another round, until one claims nothing.
		return this.schedule
			.claimDue(this.owner, this.clock.instant(), this.clock.instant().plus(this.settings.claimLifetime()), room)
			.doOnNext(this::start)
			.count()
			.flatMap((claimed) -> {
				if (claimed == room) {
					this.saturated = true;
					return Mono.empty();
				}
				return (claimed > 0) ? claimRound() : Mono.empty();
			});
	}

	private void start(ScheduledIntegration claimed) {
		this.inFlight.incrementAndGet();
		Disposable[] scan = new Disposable[1];
		scan[0] = ScanTrace.observed(claimed, this.observations, () -> this.scans.run(claimed)).onErrorResume((ex) -> {
			logger.warn("Scan of " + claimed.id() + " failed (" + ex.getClass().getSimpleName()
					+ "); its claim runs out and it is scanned again");
			return Mono.empty();
		}).doFinally((signal) -> {
			this.inFlight.decrementAndGet();
			if (scan[0] != null) {
				this.running.remove(scan[0]);
			}
			// Refilled once half the room is free: one read of the due batch per half,
			// not one per finished scan.
			if (this.saturated && this.inFlight.get() <= this.settings.maxInFlight() / 2) {
				this.wakeUps.tryEmitNext(true);
			}
		}).subscribe();
		if (!scan[0].isDisposed()) {
			this.running.add(scan[0]);
		}
	}

	/**
	 * Stops claiming and abandons the scans in flight: their claims run out and other
	 * instances take them over, as after a crash. Nothing half-done is written: a result
	 * is only ever written under a claim that still holds.
	 */
	@Override
	public void stop() {
		Disposable claiming = this.loop;
		if (claiming != null) {
			claiming.dispose();
		}
		this.loop = null;
		this.running.dispose();
	}

	@Override
	public boolean isRunning() {
		return this.loop != null && !this.loop.isDisposed();
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			return "scanner";
		}
	}

}

package dev.latchkey.vault.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.vault.Fixtures;
import dev.latchkey.vault.crypto.Envelope;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PendingSweepTest {

	private static final Instant NOW = Fixtures.NOW;

	private static final PendingSweepProperties TWO_MINUTES_BATCH_OF_2 = new PendingSweepProperties(
			Duration.ofMinutes(2), Duration.ofSeconds(30), 2);

	private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();

	private final RecordingStatusPublisher status = new RecordingStatusPublisher();

	@Test
	void sweep_publishesAgainOnlyWhatIsPendingLongerThanTheBound() {
		Credential stuck = this.pending(NOW.minus(Duration.ofMinutes(3)));
		this.pending(NOW.minus(Duration.ofMinutes(1)));
		this.active(NOW.minus(Duration.ofHours(1)));

		PendingSweep.Outcome outcome = sweep(
				new PendingSweepProperties(Duration.ofMinutes(2), Duration.ofSeconds(30), 500))
			.sweep()
			.block();

		assertThat(this.status.published).containsExactly(stuck);
		assertThat(outcome).isEqualTo(new PendingSweep.Outcome(1, 1, 0, 0, null));
	}

	@Test
	void sweep_takesTheOldestFirst_atMostABatch() {
		Credential oldest = this.pending(NOW.minus(Duration.ofMinutes(30)));
		Credential older = this.pending(NOW.minus(Duration.ofMinutes(20)));
		this.pending(NOW.minus(Duration.ofMinutes(10)));

		sweep(TWO_MINUTES_BATCH_OF_2).sweep().block();

		assertThat(this.status.published).containsExactlyInAnyOrder(oldest, older);
	}

	@Test
	void sweep_continuesWhereThePreviousStopped_andStartsOverAfterTheNewest() {
		Instant sameTime = NOW.minus(Duration.ofMinutes(10));
		Credential first = this.pending(NOW.minus(Duration.ofMinutes(30)));
		Credential second = this.pending(sameTime);
		Credential third = this.pending(sameTime);
		PendingSweep sweep = sweep(TWO_MINUTES_BATCH_OF_2);

		PendingSweep.Outcome one = sweep.sweep().block();
		PendingSweep.Outcome two = sweep.sweep().block();
		PendingSweep.Outcome three = sweep.sweep().block();

		assertThat(List.of(one.found(), two.found(), three.found())).containsExactly(2, 1, 2);
		List<Credential> inSweepOrder = List.of(first, second, third)
			.stream()
			.sorted(java.util.Comparator.comparing(Credential::updatedAt).thenComparing(Credential::integrationId))
			.toList();
		assertThat(this.status.published).containsExactly(inSweepOrder.get(0), inSweepOrder.get(1), inSweepOrder.get(2),
				inSweepOrder.get(0), inSweepOrder.get(1));
	}

	@Test
	void sweep_skipsACredentialThatChangedAfterItWasFound() {
		Credential stuck = this.pending(NOW.minus(Duration.ofMinutes(5)));
		Credential scanned = stuck.withScan(
				new ScanResult(Fixtures.anEventId(), "t1", stuck.integrationId(), 1, ScanOutcome.VALID, null, NOW),
				NOW);
		InMemoryCredentialRepository scannedMeanwhile = new InMemoryCredentialRepository() {
			@Override
			public Flux<Credential> findPending(Instant updatedBefore, SweepPosition after, int limit) {
				return super.findPending(updatedBefore, after, limit).collectList()
					.doOnNext((found) -> this.credentials.put(scanned.integrationId(), scanned))
					.flatMapIterable((found) -> found);
			}
		};
		scannedMeanwhile.credentials.put(stuck.integrationId(), stuck);

		PendingSweep.Outcome outcome = new PendingSweep(scannedMeanwhile, this.status, Fixtures.aFixedClock(),
				TWO_MINUTES_BATCH_OF_2)
			.sweep()
			.block();

		assertThat(outcome).isEqualTo(new PendingSweep.Outcome(1, 0, 1, 0, null));
		assertThat(this.status.published).isEmpty();
	}

	@Test
	void sweep_countsWhatCouldNotBePublished_andTheNextSweepTriesAgain() {
		Credential stuck = this.pending(NOW.minus(Duration.ofMinutes(5)));
		PendingSweep sweep = sweep(TWO_MINUTES_BATCH_OF_2);
		this.status.failing(true);

		PendingSweep.Outcome failed = sweep.sweep().block();
		this.status.failing(false);
		PendingSweep.Outcome retried = sweep.sweep().block();

		assertThat(failed).isEqualTo(new PendingSweep.Outcome(1, 0, 0, 1, "IllegalStateException: broker unreachable"));
		assertThat(retried.published()).isEqualTo(1);
		assertThat(this.status.published).containsExactly(stuck);
	}

	@Test
	void schedule_runsOneSweepAtATime() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		AtomicInteger queries = new AtomicInteger();
		InMemoryCredentialRepository slow = new InMemoryCredentialRepository() {
			@Override
			public Flux<Credential> findPending(Instant updatedBefore, SweepPosition after, int limit) {
				queries.incrementAndGet();
				return Flux.never();
			}
		};
		PendingSweep sweep = new PendingSweep(slow, this.status, Fixtures.aFixedClock(), TWO_MINUTES_BATCH_OF_2, time);

		sweep.start();
		time.advanceTimeBy(Duration.ofMinutes(5));
		sweep.stop();

		assertThat(queries).hasValue(1);
		assertThat(sweep.isRunning()).isFalse();
	}

	@Test
	void schedule_goesOnAfterAFailedSweep() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		AtomicInteger queries = new AtomicInteger();
		InMemoryCredentialRepository unreachable = new InMemoryCredentialRepository() {
			@Override
			public Flux<Credential> findPending(Instant updatedBefore, SweepPosition after, int limit) {
				queries.incrementAndGet();
				return Flux.error(new IllegalStateException("MongoDB unreachable"));
			}
		};
		PendingSweep sweep = new PendingSweep(unreachable, this.status, Fixtures.aFixedClock(), TWO_MINUTES_BATCH_OF_2,
				time);

		sweep.start();
		time.advanceTimeBy(Duration.ofSeconds(90));
		sweep.stop();

		assertThat(queries).hasValue(3);
	}

	@Test
	void properties_defaultToTwoMinutesEveryThirtySecondsFiveHundred() {
		PendingSweepProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("latchkey.vault.pending-sweep", PendingSweepProperties.class);

		assertThat(defaults).isEqualTo(new PendingSweepProperties(Duration.ofMinutes(2), Duration.ofSeconds(30), 500));
	}

	@Test
	void properties_refuseBoundsThatCannotWork() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PendingSweepProperties(Duration.ZERO, Duration.ofSeconds(30), 500));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PendingSweepProperties(Duration.ofMinutes(2), Duration.ofSeconds(-1), 500));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PendingSweepProperties(Duration.ofMinutes(2), Duration.ofSeconds(30), 0));
	}

	private PendingSweep sweep(PendingSweepProperties properties) {
		return new PendingSweep(this.repository, this.status, Fixtures.aFixedClock(), properties);
	}

	private Credential pending(Instant updatedAt) {
		Credential credential = Credential.first(aVersion(), updatedAt);
		this.repository.credentials.put(credential.integrationId(), credential);
		return credential;
	}

	private Credential active(Instant updatedAt) {
		Credential pending = Credential.first(aVersion(), updatedAt);
		Credential active = pending.withScan(new ScanResult(Fixtures.anEventId(), "t1", pending.integrationId(), 1,
				ScanOutcome.VALID, null, updatedAt), updatedAt);
		this.repository.credentials.put(active.integrationId(), active);
		return active;
	}

	private static CredentialVersion aVersion() {
		Envelope envelope = new Envelope(new byte[] { 1, 2, 3 }, new byte[] { 4, 5 }, 7, 8);
		return new CredentialVersion(Fixtures.anEventId(), "t1", Fixtures.anIntegrationId(), "demo", "default", 1,
				Fixtures.demoPublicFields(), envelope, "API_KEY", NOW, NOW);
	}

}

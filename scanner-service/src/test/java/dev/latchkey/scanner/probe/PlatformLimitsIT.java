package dev.latchkey.scanner.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.local.DemoPlatform;
import dev.latchkey.local.EmbeddedMongo;
import dev.latchkey.scanner.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two scanner instances' limiters over one MongoDB and one demo platform that counts:
 * together they never exceed the provider's rate or concurrency, and a 429 pause stops
 * both.
 */
class PlatformLimitsIT {

	private static final int PER_SECOND = 10;

	private static final int CONCURRENCY = 3;

	private static EmbeddedMongo mongo;

	private static MongoClient client;

	private final Clock clock = Clock.systemUTC();

	private final Provider demo = ProviderCatalogue.builtIn().find("demo").orElseThrow();

	@BeforeAll
	static void start() {
		mongo = EmbeddedMongo.inMemory(0);
		client = MongoClients.create(mongo.connectionString());
	}

	@AfterAll
	static void stop() {
		client.close();
		mongo.close();
	}

	@Test
	void twoInstances_together_neverExceedTheRateOrTheConcurrency() {
		try (DemoPlatform platform = DemoPlatform.start(0).latency(Duration.ofMillis(150)).rateLimit(PER_SECOND)) {
			ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, "limits-" + System.nanoTime());
			List<PlatformVerifier> instances = List.of(verifier(template, platform), verifier(template, platform));
			AtomicInteger answered = new AtomicInteger();
			Duration run = Duration.ofSeconds(4);
			long started = System.nanoTime();

			// Each instance keeps eight probes waiting for the limits at all times.
			Flux.fromIterable(instances)
				.flatMap((verifier) -> Flux.range(0, 8)
					.flatMap((worker) -> Flux.range(0, 1000)
						// Busy = the scan would be put back for later: the worker asks
						// again.
						.concatMap((i) -> verifier.verify(this.demo, Map.of("api_key", Fixtures.aDemoKey()))
							.onErrorResume(PlatformBusyException.class, (busy) -> reactor.core.publisher.Mono.empty()))
						.takeUntil((verification) -> System.nanoTime() - started > run.toNanos())
						.doOnNext((verification) -> answered.incrementAndGet())))
				.blockLast(Duration.ofSeconds(60));
			double seconds = (System.nanoTime() - started) / 1e9;

			DemoPlatform.Stats stats = platform.stats();
			assertThat(stats.overLimit()).as("requests over the rate limit").isZero();
			assertThat(stats.maxPerSecond()).isLessThanOrEqualTo(PER_SECOND);
			assertThat(stats.maxInFlight()).isLessThanOrEqualTo(CONCURRENCY);
			// Throughput is the benchmark's business (ScannerBenchIT); here: it ran at
			// all.
			assertThat(stats.requests()).as("requests in %.1f s", seconds).isGreaterThan(PER_SECOND);
		}
	}

	@Test
	void aPauseAskedForByThePlatform_holdsForEveryInstance_limitedInRateOrNot() {
		try (DemoPlatform platform = DemoPlatform.start(0)) {
			ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, "limits-" + System.nanoTime());
			MongoPlatformLimits a = limits(template);
			MongoPlatformLimits b = limits(template);
			a.pause("demo", this.clock.instant().plusMillis(1500)).block();
			Instant before = this.clock.instant();

			b.acquire("demo", this.demo.scan().rateLimit()).block().release();
			assertThat(Duration.between(before, this.clock.instant())).isGreaterThan(Duration.ofMillis(1300));

			a.pause("other", this.clock.instant().plusMillis(1500)).block();
			Instant unlimited = this.clock.instant();
			b.acquire("other", new dev.latchkey.catalogue.Scan.RateLimit(0, 0)).block().release();
			assertThat(Duration.between(unlimited, this.clock.instant())).isGreaterThan(Duration.ofMillis(1300));
		}
	}

	@Test
	void aPauseLongerThanTheWait_isBusy_soThatTheScanIsPutBack() {
		ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, "limits-" + System.nanoTime());
		MongoPlatformLimits limits = limits(template);
		Instant until = this.clock.instant().plusSeconds(120);
		limits.pause("demo", until).block();

		Throwable failure = limits.acquire("demo", this.demo.scan().rateLimit())
			.map((permit) -> (Throwable) null)
			.onErrorResume((ex) -> reactor.core.publisher.Mono.just(ex))
			.block();

		assertThat(failure).isInstanceOfSatisfying(PlatformBusyException.class,
				(busy) -> assertThat(Duration.between(busy.until(), until).abs()).isLessThan(Duration.ofMillis(5)));
	}

	private MongoPlatformLimits limits(ReactiveMongoTemplate template) {
		return new MongoPlatformLimits(template, this.clock, Fixtures.scannerProperties(Duration.ofSeconds(5)));
	}

	private PlatformVerifier verifier(ReactiveMongoTemplate template, DemoPlatform platform) {
		return new PlatformVerifier(new WebClientProbeTransport(Duration.ofSeconds(5)),
				new CatalogueProperties(Map.of("demo", platform.baseUrl()),
						Map.of("demo", new CatalogueProperties.RateLimit(PER_SECOND, CONCURRENCY))),
				limits(template), this.clock);
	}

}

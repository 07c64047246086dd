package dev.latchkey.scanner.scan;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.crypto.tink.KeysetHandle;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.local.DemoPlatform;
import dev.latchkey.local.EmbeddedMongo;
import dev.latchkey.scanner.FakeVault;
import dev.latchkey.scanner.Fixtures;
import dev.latchkey.scanner.ScannerProperties;
import dev.latchkey.scanner.probe.PlatformVerifier;
import dev.latchkey.scanner.probe.TestVerifiers;
import dev.latchkey.vaultclient.LeaseOpener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * The scanner benchmark (not a test: it prints figures and fails nothing). N integrations
 * due at once, scanned in-process (claim loop, stand-in vault, demo platform,
 * mongo-java-server in memory, the real fleet-wide limits):
 * <ol>
 * <li>the platform at {@code bench.latency} ms limited to {@code bench.rate} req/s (and
 * so the catalogue's limit): achieved rate, requests over the limit, completion vs
 * N/rate;</li>
 * <li>no rate limit, concurrency {@code bench.concurrency}: throughput vs C/latency.</li>
 * </ol>
 * {@code ./mvnw -B -q -o -pl scanner-service -am verify -Dtest=none -Dit.test=ScannerBenchIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dlatchkey.bench=true [-Dbench.n=1000]}
 */
@EnabledIfSystemProperty(named = "latchkey.bench", matches = "true")
class ScannerBenchIT {

	private final int n = Integer.getInteger("bench.n", 10_000);

	private final int latencyMillis = Integer.getInteger("bench.latency", 200);

	private final int rate = Integer.getInteger("bench.rate", 50);

	private final int concurrency = Integer.getInteger("bench.concurrency", 20);

	private final int instances = Integer.getInteger("bench.instances", 2);

	private final KeysetHandle leaseKeyset = Fixtures.aLeaseKeyset();

	private final FakeVault vault = FakeVault.forConsumer("scanner", this.leaseKeyset);

	private final Clock clock = Clock.systemUTC();

	@Test
	void bench() throws Exception {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "scanner bench: N=%d, latency=%d ms, instances=%d%n", this.n,
				this.latencyMillis, this.instances));
		Result limited = run(this.rate, 2 * this.rate * this.latencyMillis / 1000 + 2);
		double achieved = limited.requests / limited.requestSeconds;
		double ideal = this.n / (double) this.rate;
		out.append(String.format(Locale.ROOT,
				"rate-limited %d/s: %d scans in %.1f s (ideal %.1f s, ratio %.3f); achieved %.2f req/s (%.1f %% of the limit); "
						+ "max in any second %d; over the limit %d; max in flight %d; late probes not sent %d; load %s%n",
				this.rate, limited.scans, limited.seconds, ideal, ideal / limited.seconds, achieved,
				100 * achieved / this.rate, limited.stats.maxPerSecond(), limited.stats.overLimit(),
				limited.stats.maxInFlight(), limited.late, limited.load));
		Result open = run(0, this.concurrency);
		double throughput = open.scans / open.seconds;
		double bound = this.concurrency * 1000.0 / this.latencyMillis;
		out.append(String.format(Locale.ROOT,
				"no rate limit, concurrency %d: %d scans in %.1f s = %.1f scans/s vs C/latency %.1f/s (ratio %.3f); max in flight %d; load %s%n",
				this.concurrency, open.scans, open.seconds, throughput, bound, throughput / bound,
				open.stats.maxInFlight(), open.load));
		System.out.println(out);
		java.nio.file.Files.writeString(java.nio.file.Path.of("target", "scanner-bench.txt"), out);
	}

	private Result run(int perSecond, int fleetConcurrency) throws Exception {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString());
				DemoPlatform platform = DemoPlatform.start(0)
					.latency(Duration.ofMillis(this.latencyMillis))
					.rateLimit(perSecond)) {
			ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, "bench");
			MongoSchedule schedule = new MongoSchedule(template);
			schedule.createIndexes().block();
			// mongo-java-server uses an index only for a query on exactly its keys: the
			// compare-and-set on (_id, revision) would read every document, where MongoDB
			// reads one through the _id index. This (redundant) unique index gives the
			// stand-in MongoDB's cost; the claim's range read stays a full scan here.
			template.indexOps("scan_schedule")
				.createIndex(new org.springframework.data.mongodb.core.index.Index()
					.on("_id", org.springframework.data.domain.Sort.Direction.ASC)
					.on("revision", org.springframework.data.domain.Sort.Direction.ASC)
					.unique())
				.block();
			MongoAssessments assessments = new MongoAssessments(template);
			assessments.createIndexes().block();
			ScheduleService statuses = new ScheduleService(schedule, new Planner(ProviderCatalogue.builtIn(), 0.1),
					this.clock);
			String tenantId = Fixtures.aTenantId();
			Flux.range(0, this.n).flatMap((i) -> {
				String id = "int_bench" + i;
				this.vault.store(tenantId, id, "demo", 1, Map.of(), Fixtures.demoSecret(Fixtures.aDemoKey()));
				return statuses.statusChanged(new StatusUpdate(tenantId, id, "demo", 1, "PENDING_VERIFICATION",
						this.clock.instant(), this.clock.instant(), null, null, null, null));
			}, 16).blockLast();
			platform.resetStats();
			AtomicInteger scans = new AtomicInteger();
			AtomicLong firstProbe = new AtomicLong();
			AtomicLong last = new AtomicLong();
			ScanScheduler[] schedulers = new ScanScheduler[this.instances];
			List<PlatformVerifier> verifiers = new ArrayList<>();
			String loadBefore = loadAverage();
			long started = System.nanoTime();
			for (int i = 0; i < this.instances; i++) {
				schedulers[i] = scheduler("bench-" + i, schedule, assessments, template, platform, perSecond,
						fleetConcurrency, verifiers, (assessment) -> {
							firstProbe.compareAndSet(0, System.nanoTime());
							scans.incrementAndGet();
							last.set(System.nanoTime());
						});
				schedulers[i].start();
			}
			while (scans.get() < this.n && System.nanoTime() - started < Duration.ofMinutes(30).toNanos()) {
				Thread.sleep(200);
			}
			for (ScanScheduler scheduler : schedulers) {
				scheduler.stop();
			}
			DemoPlatform.Stats stats = platform.stats();
			long late = verifiers.stream().mapToLong(TestVerifiers::lateProbes).sum();
			return new Result(scans.get(), (last.get() - started) / 1e9, stats.requests(), (last.get() - started) / 1e9,
					stats, late, loadBefore + " → " + loadAverage());
		}
	}

	private ScanScheduler scheduler(String owner, MongoSchedule schedule, MongoAssessments assessments,
			ReactiveMongoTemplate template, DemoPlatform platform, int perSecond, int fleetConcurrency,
			List<PlatformVerifier> verifiers, java.util.function.Consumer<Assessment> onReport) {
		ScannerProperties defaults = Fixtures.scannerProperties(Duration.ofSeconds(5));
		ScannerProperties.Schedule settings = defaults.schedule();
		ScannerProperties properties = new ScannerProperties(URI.create("http://localhost:1"), "scanner",
				defaults.probeTimeout(), defaults.vaultTimeout(), defaults.keys(),
				new ScannerProperties.Schedule(true, owner, Duration.ofSeconds(1), 100, Duration.ofSeconds(60), 64,
						settings.jitter(), settings.failuresBeforeError(), settings.retryBackoff(),
						settings.maxRetryBackoff(), settings.infrastructureBackoff(),
						settings.maxInfrastructureBackoff()),
				defaults.limits(), defaults.findings());
		PlatformVerifier verifier = TestVerifiers.overMongoLimits(Duration.ofSeconds(5), platform.baseUrl(), perSecond,
				fleetConcurrency, template, this.clock, properties);
		verifiers.add(verifier);
		ScanService scans = new ScanService(ProviderCatalogue.builtIn(),
				(tenant, integration, purpose) -> Mono
					.fromCallable(() -> this.vault.lease("scanner", tenant, integration, purpose)),
				new LeaseOpener(new HpkeOpener(this.leaseKeyset), "scanner"), verifier, assessments, schedule,
				(assessment) -> Mono.fromRunnable(() -> onReport.accept(assessment)),
				new Planner(ProviderCatalogue.builtIn(), 0.1),
				new ScanMeter(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
						ProviderCatalogue.builtIn()),
				this.clock, properties);
		return new ScanScheduler(schedule, scans, this.clock, properties);
	}

	private static String loadAverage() {
		try {
			String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (java.io.IOException ex) {
			return "?";
		}
	}

	private record Result(int scans, double seconds, int requests, double requestSeconds, DemoPlatform.Stats stats,
			long late, String load) {
	}

}

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
		// The unlimited phase first: the rate-limited one then runs on a JIT-warm JVM, as
		// a
		// scanner that has been running does when a fleet of integrations comes due.
		Result open = run(0, this.concurrency);
		Result limited = run(this.rate, 2 * this.rate * this.latencyMillis / 1000 + 2);
		// At the platform, from the first request to arrive to the last.
		double achieved = limited.stats.arrivalRate();
		double ideal = this.n / (double) this.rate;
		out.append(String.format(Locale.ROOT,
				"rate-limited %d/s: %d scans in %.1f s (ideal %.1f s, ratio %.3f); achieved %.2f req/s first request to last (%.1f %% of the limit); "
						+ "max in any second %d; over the limit %d; max in flight %d; late probes not sent %d; load %s%n",
				this.rate, limited.scans, limited.seconds, ideal, ideal / limited.seconds, achieved,
				100 * achieved / this.rate, limited.stats.maxPerSecond(), limited.stats.overLimit(),
				limited.stats.maxInFlight(), limited.late, limited.load));
		double throughput = open.scans / open.seconds;
		double bound = this.concurrency * 1000.0 / this.latencyMillis;
		out.append(String.format(Locale.ROOT,
				"no rate limit, concurrency %d: %d scans in %.1f s = %.1f scans/s vs C/latency %.1f/s (ratio %.3f); max in flight %d; load %s%n",
				this.concurrency, open.scans, open.seconds, throughput, bound, throughput / bound,
				open.stats.maxInFlight(), open.load));
		java.nio.file.Path figures = java.nio.file.Path.of("target", "scanner-bench.txt");
		java.nio.file.Files.writeString(figures, out);
		out.append(handOver());
		System.out.println(out);
		java.nio.file.Files.writeString(figures, out);
	}

	/**
	 * Phase 3: {@code bench.handover.n} integrations with a period of
	 * {@code bench.handover.period} s, two instances for one period and a half, then one
	 * is killed (its scans abandoned in flight) and the other runs on alone for two more
	 * periods and a claim lifetime. Double scans: one integration scanned twice within
	 * 0.8 of its period (jitter is ±10 %) or one claim reported twice; missed: a gap
	 * between an integration's scans (or from the start, or to the end) longer than 1.1
	 * periods plus a claim lifetime and a second.
	 */
	private String handOver() throws Exception {
		int count = Integer.getInteger("bench.handover.n", 300);
		Duration period = Duration.ofSeconds(Integer.getInteger("bench.handover.period", 10));
		Duration claimLifetime = Duration.ofSeconds(3);
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString());
				DemoPlatform platform = DemoPlatform.start(0).latency(Duration.ofMillis(this.latencyMillis))) {
			ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, "handover");
			MongoSchedule schedule = new MongoSchedule(template);
			schedule.createIndexes().block();
			MongoAssessments assessments = new MongoAssessments(template);
			assessments.createIndexes().block();
			ScheduleService statuses = new ScheduleService(schedule, new Planner(ProviderCatalogue.builtIn(), 0.1),
					this.clock);
			String tenantId = Fixtures.aTenantId();
			Flux.range(0, count).flatMap((i) -> {
				String id = "int_handover" + i;
				this.vault.store(tenantId, id, "demo", 1, Map.of(), Fixtures.demoSecret(Fixtures.aDemoKey()));
				return statuses.statusChanged(new StatusUpdate(tenantId, id, "demo", 1, "PENDING_VERIFICATION",
						this.clock.instant(), this.clock.instant(), null, null, null, period.toSeconds()));
			}, 16).blockLast();
			java.util.Queue<Assessment> reports = new java.util.concurrent.ConcurrentLinkedQueue<>();
			List<PlatformVerifier> verifiers = new ArrayList<>();
			String loadBefore = loadAverage();
			java.time.Instant started = this.clock.instant();
			ScanScheduler a = scheduler("handover-a", schedule, assessments, template, platform, 0, this.concurrency,
					claimLifetime, verifiers, reports::add);
			ScanScheduler b = scheduler("handover-b", schedule, assessments, template, platform, 0, this.concurrency,
					claimLifetime, verifiers, reports::add);
			a.start();
			b.start();
			Thread.sleep(period.toMillis() * 3 / 2);
			java.time.Instant killedAt = this.clock.instant();
			a.stop();
			Thread.sleep(period.multipliedBy(2).plus(claimLifetime).toMillis());
			b.stop();
			java.time.Instant ended = this.clock.instant();
			java.util.Map<String, List<java.time.Instant>> scans = new java.util.HashMap<>();
			java.util.Set<String> claims = new java.util.HashSet<>();
			int doubles = 0;
			for (Assessment report : reports) {
				doubles += claims.add(report.integrationId() + ":" + report.fence()) ? 0 : 1;
				scans.computeIfAbsent(report.integrationId(), (id) -> new ArrayList<>()).add(report.assessedAt());
			}
			Duration longest = period.multipliedBy(11).dividedBy(10).plus(claimLifetime).plusSeconds(1);
			int missed = 0;
			int afterKill = 0;
			for (int i = 0; i < count; i++) {
				List<java.time.Instant> times = scans.getOrDefault("int_handover" + i, new ArrayList<>());
				times.sort(null);
				for (int k = 0; k < times.size(); k++) {
					Duration gap = Duration.between((k == 0) ? started : times.get(k - 1), times.get(k));
					doubles += (k > 0 && gap.compareTo(period.multipliedBy(8).dividedBy(10)) < 0) ? 1 : 0;
					missed += (gap.compareTo(longest) > 0) ? 1 : 0;
				}
				java.time.Instant previous = times.isEmpty() ? started : times.get(times.size() - 1);
				missed += Duration.between(previous, ended).compareTo(longest) > 0 ? 1 : 0;
				afterKill += times.stream().anyMatch((time) -> time.isAfter(killedAt)) ? 1 : 0;
			}
			return String.format(Locale.ROOT,
					"two instances, one killed after 1.5 periods: %d integrations, period %d s, claim lifetime %d s, "
							+ "%d scans in %.1f s; double scans %d; missed %d; scanned after the kill %d of %d; load %s%n",
					count, period.toSeconds(), claimLifetime.toSeconds(), reports.size(),
					Duration.between(started, ended).toMillis() / 1000.0, doubles, missed, afterKill, count,
					loadBefore + " → " + loadAverage());
		}
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
			AtomicLong last = new AtomicLong();
			ScanScheduler[] schedulers = new ScanScheduler[this.instances];
			List<PlatformVerifier> verifiers = new ArrayList<>();
			String loadBefore = loadAverage();
			long started = System.nanoTime();
			for (int i = 0; i < this.instances; i++) {
				schedulers[i] = scheduler("bench-" + i, schedule, assessments, template, platform, perSecond,
						fleetConcurrency, Duration.ofSeconds(60), verifiers, (assessment) -> {
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
			return new Result(scans.get(), (last.get() - started) / 1e9, stats, late,
					loadBefore + " → " + loadAverage());
		}
	}

	private ScanScheduler scheduler(String owner, MongoSchedule schedule, MongoAssessments assessments,
			ReactiveMongoTemplate template, DemoPlatform platform, int perSecond, int fleetConcurrency,
			Duration claimLifetime, List<PlatformVerifier> verifiers,
			java.util.function.Consumer<Assessment> onReport) {
		ScannerProperties defaults = Fixtures.scannerProperties(Duration.ofSeconds(5));
		ScannerProperties.Schedule settings = defaults.schedule();
		ScannerProperties properties = new ScannerProperties(URI.create("http://localhost:1"), "scanner",
				defaults.probeTimeout(), defaults.vaultTimeout(), defaults.keys(),
				new ScannerProperties.Schedule(true, owner, Duration.ofSeconds(1), 100, claimLifetime, 64,
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

	private record Result(int scans, double seconds, DemoPlatform.Stats stats, long late, String load) {
	}

}

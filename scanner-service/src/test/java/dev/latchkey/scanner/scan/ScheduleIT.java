package dev.latchkey.scanner.scan;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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
import dev.latchkey.scanner.probe.PlatformLimits;
import dev.latchkey.scanner.probe.TestVerifiers;
import dev.latchkey.vaultclient.LeaseOpener;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedule in MongoDB (mongo-java-server): two scanner instances over one database
 * scan each due integration exactly once, also when one of them is killed mid-period; and
 * the schedule survives a restart.
 */
class ScheduleIT {

	private static final Duration PERIOD = Duration.ofSeconds(3);

	private static final Duration CLAIM_LIFETIME = Duration.ofSeconds(2);

	private static final int INTEGRATIONS = 20;

	private final KeysetHandle leaseKeyset = Fixtures.aLeaseKeyset();

	private final FakeVault vault = FakeVault.forConsumer("scanner", this.leaseKeyset);

	private final Clock clock = Clock.systemUTC();

	@Test
	void twoInstances_scanEachDueIntegrationOnce_andTakeOverTheClaimsOfAKilledOne() throws Exception {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString());
				DemoPlatform platform = DemoPlatform.start(0).latency(Duration.ofMillis(150))) {
			ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, "latchkey");
			MongoSchedule schedule = new MongoSchedule(template);
			schedule.createIndexes().block();
			MongoAssessments assessments = new MongoAssessments(template);
			List<Assessment> reports = new CopyOnWriteArrayList<>();
			ScheduleService statuses = new ScheduleService(schedule, planner(), this.clock);
			List<String> ids = new ArrayList<>();
			String tenantId = Fixtures.aTenantId();
			for (int i = 0; i < INTEGRATIONS; i++) {
				String id = Fixtures.anIntegrationId();
				ids.add(id);
				this.vault.store(tenantId, id, "demo", 1, Map.of(), Fixtures.demoSecret(Fixtures.aDemoKey()));
				statuses
					.statusChanged(new StatusUpdate(tenantId, id, "demo", 1, "PENDING_VERIFICATION",
							this.clock.instant(), this.clock.instant(), null, null, null, PERIOD.toSeconds()))
					.block();
			}
			ScanScheduler a = scheduler("instance-a", schedule, assessments, platform, reports);
			ScanScheduler b = scheduler("instance-b", schedule, assessments, platform, reports);
			a.start();
			b.start();

			// One period and a half with both, then A dies with scans in flight.
			Thread.sleep(PERIOD.toMillis() * 3 / 2);
			Instant killedAt = this.clock.instant();
			a.stop();
			// B alone: A's claims run out and B takes them over; two more periods.
			Thread.sleep(CLAIM_LIFETIME.plus(PERIOD.multipliedBy(2)).toMillis());
			b.stop();

			Set<String> claims = new HashSet<>();
			Map<String, List<Assessment>> byIntegration = new HashMap<>();
			for (Assessment report : reports) {
				assertThat(claims.add(report.id())).as("one report per claim: " + report.id()).isTrue();
				byIntegration.computeIfAbsent(report.integrationId(), (id) -> new ArrayList<>()).add(report);
			}
			assertThat(byIntegration).as("every integration scanned").containsOnlyKeys(ids);
			for (String id : ids) {
				List<Assessment> scans = byIntegration.get(id);
				scans.sort(java.util.Comparator.comparing(Assessment::assessedAt));
				assertThat(scans.get(0).trigger()).isEqualTo(Trigger.NEW_VERSION);
				for (int i = 1; i < scans.size(); i++) {
					Duration gap = Duration.between(scans.get(i - 1).assessedAt(), scans.get(i).assessedAt());
					// Never two scans of one due time: jitter is ±10 % of the period.
					assertThat(gap).as("gap between scans of " + id)
						.isGreaterThan(PERIOD.multipliedBy(8).dividedBy(10));
				}
				// None missed: scanned again after the kill, by B.
				assertThat(scans).as("scanned after the kill: " + id)
					.anySatisfy((scan) -> assertThat(scan.assessedAt()).isAfter(killedAt.plus(CLAIM_LIFETIME)));
				assertThat(scans).extracting(Assessment::outcome)
					.containsOnly(dev.latchkey.catalogue.Probe.Verdict.VALID);
			}
			assertThat(template.count(new org.springframework.data.mongodb.core.query.Query(), "assessments").block())
				.isEqualTo(reports.size());
			assertThat(reports).extracting(Assessment::integrationId).hasSizeGreaterThanOrEqualTo(INTEGRATIONS * 3);
		}
	}

	@Test
	void schedule_survivesARestart() throws Exception {
		Path file = Files.createTempDirectory("scan-schedule").resolve("mongo.mv");
		String id = Fixtures.anIntegrationId();
		String tenantId = Fixtures.aTenantId();
		this.vault.store(tenantId, id, "demo", 1, Map.of(), Fixtures.demoSecret(Fixtures.aDemoKey()));
		ScheduledIntegration before;
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0);
				MongoClient client = MongoClients.create(mongo.connectionString());
				DemoPlatform platform = DemoPlatform.start(0)) {
			ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, "latchkey");
			MongoSchedule schedule = new MongoSchedule(template);
			new ScheduleService(schedule, planner(), this.clock)
				.statusChanged(new StatusUpdate(tenantId, id, "demo", 1, "PENDING_VERIFICATION", this.clock.instant(),
						this.clock.instant(), null, null, null, null))
				.block();
			List<Assessment> reports = new CopyOnWriteArrayList<>();
			ScanScheduler scanner = scheduler("instance-a", schedule, new MongoAssessments(template), platform,
					reports);
			scanner.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> !reports.isEmpty());
			scanner.stop();
			before = schedule.find(id).block();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoSchedule schedule = new MongoSchedule(new ReactiveMongoTemplate(client, "latchkey"));

			ScheduledIntegration after = schedule.find(id).block();

			assertThat(after.lastCheckedAt()).isEqualTo(before.lastCheckedAt()).isNotNull();
			assertThat(after.nextCheckAt()).isEqualTo(before.nextCheckAt())
				.isAfter(this.clock.instant().plusSeconds(3600));
			assertThat(schedule.claimNext("instance-b", this.clock.instant(), this.clock.instant().plusSeconds(60))
				.block()).as("not due again").isNull();
		}
	}

	private Planner planner() {
		return new Planner(ProviderCatalogue.builtIn(), 0.1);
	}

	private ScanScheduler scheduler(String owner, MongoSchedule schedule, MongoAssessments assessments,
			DemoPlatform platform, List<Assessment> reports) {
		ScannerProperties defaults = Fixtures.scannerProperties(Duration.ofSeconds(5));
		ScannerProperties.Schedule settings = defaults.schedule();
		ScannerProperties properties = new ScannerProperties(URI.create("http://localhost:1"), "scanner",
				defaults.probeTimeout(), defaults.vaultTimeout(), defaults.keys(),
				new ScannerProperties.Schedule(true, owner, Duration.ofMillis(200), 10, CLAIM_LIFETIME, 8,
						settings.jitter(), settings.failuresBeforeError(), settings.retryBackoff(),
						settings.maxRetryBackoff(), settings.infrastructureBackoff(),
						settings.maxInfrastructureBackoff()),
				defaults.limits(), defaults.findings());
		ScanService scans = new ScanService(ProviderCatalogue.builtIn(),
				(tenant, integration, purpose) -> Mono
					.fromCallable(() -> this.vault.lease("scanner", tenant, integration, purpose)),
				new LeaseOpener(new HpkeOpener(this.leaseKeyset), "scanner"),
				TestVerifiers.overHttp(Duration.ofSeconds(5), Map.of("demo", platform.baseUrl()), PlatformLimits.NONE,
						this.clock),
				assessments, schedule, (assessment) -> Mono.fromRunnable(() -> reports.add(assessment)), planner(),
				new ScanMeter(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
						ProviderCatalogue.builtIn()),
				this.clock, properties);
		return new ScanScheduler(schedule, scans, this.clock, properties);
	}

}

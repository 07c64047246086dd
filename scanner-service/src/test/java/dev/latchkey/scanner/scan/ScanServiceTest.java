package dev.latchkey.scanner.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.catalogue.Scan;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.local.DemoPlatform;
import dev.latchkey.scanner.FakeVault;
import dev.latchkey.scanner.Fixtures;
import dev.latchkey.scanner.MutableClock;
import dev.latchkey.scanner.ScannerProperties;
import dev.latchkey.scanner.probe.Finding;
import dev.latchkey.scanner.probe.PlatformLimits;
import dev.latchkey.scanner.probe.TestPlatform;
import dev.latchkey.scanner.probe.TestVerifiers;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Leases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class ScanServiceTest {

	private static final String CONSUMER = "scanner";

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	private static final Duration PERIOD = Duration.ofHours(6);

	private static DemoPlatform demoPlatform;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

	private final KeysetHandle leaseKeyset = Fixtures.aLeaseKeyset();

	private final FakeVault vault = FakeVault.forConsumer(CONSUMER, this.leaseKeyset);

	private final InMemoryAssessments assessments = new InMemoryAssessments();

	private final InMemorySchedule schedule = new InMemorySchedule();

	private final RecordingPublisher publisher = new RecordingPublisher();

	private final Map<String, String> baseUrls = new ConcurrentHashMap<>();

	private final List<Instant> pauses = new CopyOnWriteArrayList<>();

	private final Planner planner = new Planner(ProviderCatalogue.builtIn(), 0.1, () -> 0.5);

	private final ScheduleService scheduleService = new ScheduleService(this.schedule, this.planner, this.clock);

	private final String tenantId = Fixtures.aTenantId();

	private final String integrationId = Fixtures.anIntegrationId();

	@BeforeAll
	static void startDemoPlatform() {
		demoPlatform = DemoPlatform.start(0);
	}

	@AfterAll
	static void stopDemoPlatform() {
		demoPlatform.close();
	}

	@Test
	void newVersion_acceptedKey_isValid_withItsFindings_andNextCheckedAPeriodLater() {
		String key = Fixtures.aDemoKey();
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(key));
		statusChanged(1, "PENDING_VERIFICATION", null);

		Assessment assessment = scanDue();

		assertThat(assessment.outcome()).isEqualTo(Verdict.VALID);
		assertThat(assessment.reason()).isEqualTo("VERIFIED");
		assertThat(assessment.trigger()).isEqualTo(Trigger.NEW_VERSION);
		assertThat(assessment.httpStatus()).isEqualTo(200);
		assertThat(assessment.assessedAt()).isEqualTo(this.clock.instant());
		assertThat(assessment.nextCheckAt()).isEqualTo(this.clock.instant().plus(PERIOD));
		assertThat(assessment.consecutiveFailures()).isZero();
		assertThat(assessment.findings()).extracting(Finding::code)
			.containsExactlyInAnyOrder("ACCOUNT", "OVER_SCOPED", "KEY_KIND");
		assertThat(assessment.findings()).filteredOn((finding) -> finding.code().equals("KEY_KIND"))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.attributes()).containsEntry("kind", "live"));
		assertThat(assessment.findings()).filteredOn((finding) -> finding.code().equals("OVER_SCOPED"))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.attributes()).containsEntry("extraScopes", "write"));
		assertThat(this.publisher.published).containsExactly(assessment);
		assertThat(this.assessments.all()).containsExactly(assessment);
		ScheduledIntegration entry = this.schedule.get(this.integrationId);
		assertThat(entry.nextCheckAt()).isEqualTo(assessment.nextCheckAt());
		assertThat(entry.claimOwner()).isNull();
		assertThat(entry.pending()).isNull();
		assertThat(entry.lastCheckedAt()).isEqualTo(this.clock.instant());
		assertThat(scanDue()).as("nothing else due").isNull();
	}

	@Test
	void newVersion_rejectedKey_isRejectedByPlatform() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aRejectedDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);

		Assessment assessment = scanDue();

		assertThat(assessment.outcome()).isEqualTo(Verdict.INVALID);
		assertThat(assessment.reason()).isEqualTo("REJECTED_BY_PLATFORM");
		assertThat(assessment.httpStatus()).isEqualTo(401);
		assertThat(assessment.findings()).isEmpty();
	}

	@Test
	void keyRevokedAtThePlatform_turnsInvalidRevokedAtPlatform_onItsNextScheduledScan() {
		String key = Fixtures.aDemoKey();
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(key));
		statusChanged(1, "PENDING_VERIFICATION", null);
		assertThat(scanDue().outcome()).isEqualTo(Verdict.VALID);
		statusChanged(1, "ACTIVE", null);

		demoPlatform.revoke(key);
		this.clock.advance(PERIOD.minusSeconds(1));
		assertThat(scanDue()).as("not due before its period").isNull();
		this.clock.advance(Duration.ofSeconds(1));
		Assessment assessment = scanDue();

		assertThat(assessment.outcome()).isEqualTo(Verdict.INVALID);
		assertThat(assessment.reason()).isEqualTo("REVOKED_AT_PLATFORM");
		assertThat(assessment.trigger()).isEqualTo(Trigger.SCHEDULED);
		assertThat(assessment.version()).isEqualTo(1);
		assertThat(this.assessments.all()).hasSize(2);
	}

	@Test
	void platformDown_isRetriedWithBackOff_andReportedErrorOnlyAfterThreeInARow() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		this.baseUrls.put("demo", TestPlatform.down());
		statusChanged(1, "PENDING_VERIFICATION", null);

		assertThat(scanDue()).isNull();
		assertThat(this.schedule.get(this.integrationId).consecutiveFailures()).isEqualTo(1);
		assertThat(this.schedule.get(this.integrationId).nextCheckAt()).isEqualTo(this.clock.instant().plusSeconds(2));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(scanDue()).isNull();
		assertThat(this.schedule.get(this.integrationId).nextCheckAt()).isEqualTo(this.clock.instant().plusSeconds(4));
		this.clock.advance(Duration.ofSeconds(4));
		Assessment assessment = scanDue();

		assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
		assertThat(assessment.reason()).isEqualTo("PLATFORM_UNAVAILABLE");
		assertThat(assessment.consecutiveFailures()).isEqualTo(3);
		assertThat(assessment.trigger()).isEqualTo(Trigger.NEW_VERSION);
		assertThat(assessment.nextCheckAt()).isEqualTo(this.clock.instant().plusSeconds(8));
		assertThat(this.publisher.published).containsExactly(assessment);
	}

	@Test
	void flapping_twoFailuresThenAnAnswer_isReportedValidOnly() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		assertThat(scanDue().outcome()).isEqualTo(Verdict.VALID);
		this.baseUrls.put("demo", TestPlatform.down());

		this.clock.advance(PERIOD);
		assertThat(scanDue()).isNull();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(scanDue()).isNull();
		this.baseUrls.put("demo", demoPlatform.baseUrl());
		this.clock.advance(Duration.ofSeconds(4));
		Assessment recovered = scanDue();

		assertThat(recovered.outcome()).isEqualTo(Verdict.VALID);
		assertThat(recovered.consecutiveFailures()).isZero();
		assertThat(this.publisher.published).extracting(Assessment::outcome)
			.containsExactly(Verdict.VALID, Verdict.VALID);
	}

	@Test
	void afterError_aRecoveredPlatform_isReportedValidAgain() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		ScanService scanner = scanner(Fixtures.scannerProperties(PROBE_TIMEOUT, 1));
		this.baseUrls.put("demo", TestPlatform.down());
		statusChanged(1, "PENDING_VERIFICATION", null);
		assertThat(scanDue(scanner).outcome()).isEqualTo(Verdict.ERROR);

		this.baseUrls.put("demo", demoPlatform.baseUrl());
		this.clock.advance(Duration.ofSeconds(2));

		assertThat(scanDue(scanner).outcome()).isEqualTo(Verdict.VALID);
	}

	@Test
	void slowPlatform_isErrorTimeout() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		try (TestPlatform slow = TestPlatform.slow(PROBE_TIMEOUT.multipliedBy(4))) {
			this.baseUrls.put("demo", slow.baseUrl());
			Assessment assessment = scanDue(scanner(Fixtures.scannerProperties(PROBE_TIMEOUT, 1)));

			assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
			assertThat(assessment.reason()).isEqualTo("TIMEOUT");
			assertThat(assessment.latencyMillis()).isBetween(PROBE_TIMEOUT.toMillis(),
					PROBE_TIMEOUT.multipliedBy(3).toMillis());
		}
	}

	@Test
	void platformFailing_isErrorPlatformUnavailable_withItsStatus() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		try (TestPlatform failing = TestPlatform.answering(503, new byte[0], Duration.ZERO)) {
			this.baseUrls.put("demo", failing.baseUrl());
			Assessment assessment = scanDue(scanner(Fixtures.scannerProperties(PROBE_TIMEOUT, 1)));

			assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
			assertThat(assessment.reason()).isEqualTo("PLATFORM_UNAVAILABLE");
			assertThat(assessment.httpStatus()).isEqualTo(503);
		}
	}

	@Test
	void platformAnswering429_isRateLimited_andPausesTheProvider() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		try (DemoPlatform limited = DemoPlatform.start(0).rateLimit(1)) {
			this.baseUrls.put("demo", limited.baseUrl());
			limited.stats();
			// The first request of the second takes the limit; the probe is the next one.
			java.net.http.HttpClient.newHttpClient()
				.sendAsync(
						java.net.http.HttpRequest.newBuilder(java.net.URI.create(limited.baseUrl() + "/v1/me")).build(),
						java.net.http.HttpResponse.BodyHandlers.discarding())
				.join();

			assertThat(scanDue()).isNull();

			ScheduledIntegration entry = this.schedule.get(this.integrationId);
			assertThat(entry.consecutiveFailures()).isEqualTo(1);
			assertThat(this.pauses).containsExactly(this.clock.instant().plusSeconds(1));
			assertThat(this.publisher.published).isEmpty();
		}
	}

	@Test
	void unknownIntegration_isErrorLeaseRefused() {
		statusChanged(3, "PENDING_VERIFICATION", null);

		Assessment assessment = scanDue();

		assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
		assertThat(assessment.reason()).isEqualTo("LEASE_REFUSED");
		assertThat(assessment.version()).isEqualTo(3);
		assertThat(assessment.httpStatus()).isNull();
	}

	@Test
	void unregisteredConsumer_isErrorLeaseRefused() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		Leases otherConsumer = (tenant, integration, purpose) -> Mono
			.fromCallable(() -> this.vault.lease("intruder", tenant, integration, purpose));
		statusChanged(1, "PENDING_VERIFICATION", null);

		Assessment assessment = scanDue(scanner(otherConsumer, Fixtures.scannerProperties(PROBE_TIMEOUT)));

		assertThat(assessment.reason()).isEqualTo("LEASE_REFUSED");
		assertThat(this.vault.leaseCount()).isZero();
	}

	@Test
	void unknownProvider_leasesNothing() {
		this.scheduleService
			.statusChanged(new StatusUpdate(this.tenantId, this.integrationId, "acme", 1, "PENDING_VERIFICATION",
					this.clock.instant(), this.clock.instant(), null, null, null, null))
			.block();

		Assessment assessment = scanDue();

		assertThat(assessment.reason()).isEqualTo("UNKNOWN_PROVIDER");
		assertThat(this.vault.leaseCount()).isZero();
	}

	@Test
	void newerVersionInTheVault_verifiesAndReportsTheLeasedVersion() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 4, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(3, "PENDING_VERIFICATION", null);

		Assessment assessment = scanDue();

		assertThat(assessment.version()).isEqualTo(4);
		assertThat(assessment.outcome()).isEqualTo(Verdict.VALID);
	}

	@Test
	void vaultUnavailable_reportsNothing_andRetriesWithBackOffUntilItLeases() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		this.vault.breakFor(this.integrationId);
		statusChanged(1, "PENDING_VERIFICATION", null);

		assertThat(scanDue()).isNull();
		ScheduledIntegration entry = this.schedule.get(this.integrationId);
		assertThat(entry.infrastructureFailures()).isEqualTo(1);
		assertThat(entry.consecutiveFailures()).isZero();
		assertThat(entry.nextCheckAt()).isEqualTo(this.clock.instant().plusSeconds(1));
		assertThat(entry.trigger()).isEqualTo(Trigger.NEW_VERSION);
		assertThat(this.publisher.published).isEmpty();
		this.vault.heal(this.integrationId);
		this.clock.advance(Duration.ofSeconds(1));

		Assessment assessment = scanDue();
		assertThat(assessment.outcome()).isEqualTo(Verdict.VALID);
		assertThat(assessment.trigger()).isEqualTo(Trigger.NEW_VERSION);
	}

	@Test
	void leaseSealedToAnotherKey_probesNothing_reportsNothing_andIsRetried() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		this.vault.sealToAnotherKeyFor(this.integrationId);
		statusChanged(1, "PENDING_VERIFICATION", null);
		int probesBefore = demoPlatform.requestCount();

		assertThat(scanDue()).isNull();

		assertThat(demoPlatform.requestCount()).isEqualTo(probesBefore);
		assertThat(this.publisher.published).isEmpty();
		assertThat(this.schedule.get(this.integrationId).infrastructureFailures()).isEqualTo(1);
	}

	@Test
	void claimTakenOverAfterItRanOut_recordsAndReportsNothing_theNewClaimDoes() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		ScheduledIntegration first = claim("instance-a");
		this.clock.advance(Duration.ofSeconds(60));
		ScheduledIntegration second = claim("instance-b");

		assertThat(scanner().run(first).block()).isNull();
		assertThat(this.publisher.published).isEmpty();
		assertThat(this.assessments.all()).isEmpty();
		Assessment assessment = scanner().run(second).block();
		assertThat(assessment.fence()).isEqualTo(second.fence());
		assertThat(this.publisher.published).containsExactly(assessment);
	}

	@Test
	void reportNotConfirmedBeforeACrash_isSentAgainUnderItsEventId_withoutAnotherLease() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		ScanService crashing = scanner(leases(), Fixtures.scannerProperties(PROBE_TIMEOUT),
				(assessment) -> Mono.error(new IllegalStateException("broker gone")));
		ScheduledIntegration claimed = claim("instance-a");
		assertThat(crashing.run(claimed).onErrorComplete().block()).isNull();
		Assessment recorded = this.schedule.get(this.integrationId).pending();
		assertThat(recorded).isNotNull();

		this.clock.advance(Duration.ofSeconds(60));
		Assessment resent = scanDue();

		assertThat(resent).isEqualTo(recorded);
		assertThat(this.publisher.published).extracting(Assessment::eventId).containsExactly(recorded.eventId());
		assertThat(this.vault.leaseCount()).isEqualTo(1);
		assertThat(this.schedule.get(this.integrationId).nextCheckAt()).isEqualTo(recorded.nextCheckAt());
	}

	@Test
	void scanRequestedWhileClaimed_isScannedAgainRightAfter_onDemand() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		ScheduledIntegration claimed = claim("instance-a");

		this.scheduleService.scanRequested(this.tenantId, this.integrationId).block();
		scanner().run(claimed).block();
		Assessment again = scanDue();

		assertThat(again.trigger()).isEqualTo(Trigger.ON_DEMAND);
		assertThat(this.publisher.published).extracting(Assessment::trigger)
			.containsExactly(Trigger.NEW_VERSION, Trigger.ON_DEMAND);
	}

	@Test
	void theCauseOfADueScan_isKeptUntilItsClaimEnds_andAScheduledScanHasNone() {
		String newVersion = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		String request = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		this.scheduleService
			.statusChanged(new StatusUpdate(this.tenantId, this.integrationId, "demo", 1, "PENDING_VERIFICATION",
					this.clock.instant(), this.clock.instant(), null, null, null, null), newVersion)
			.block();

		ScheduledIntegration claimed = claim("test");
		assertThat(claimed.cause()).isEqualTo(newVersion);
		this.scheduleService.scanRequested(this.tenantId, this.integrationId, request).block();
		scanner().run(claimed).block();
		ScheduledIntegration requested = claim("test");
		assertThat(requested.cause()).as("the request that came in while claimed").isEqualTo(request);
		scanner().run(requested).block();

		assertThat(this.schedule.get(this.integrationId).cause()).isNull();
		this.clock.advance(PERIOD);
		assertThat(claim("test").cause()).as("a scan on schedule").isNull();
	}

	@Test
	void scanRequested_byAnotherTenant_isIgnored() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		scanDue();

		this.scheduleService.scanRequested("someone-else", this.integrationId).block();
		this.scheduleService.scanRequested(this.tenantId, Fixtures.anIntegrationId()).block();

		assertThat(scanDue()).isNull();
		this.scheduleService.scanRequested(this.tenantId, this.integrationId).block();
		assertThat(scanDue().trigger()).isEqualTo(Trigger.ON_DEMAND);
	}

	@Test
	void statusCausedByAScan_doesNotReplan_aNewPeriodDoes_aTombstoneRemoves() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		statusChanged(1, "PENDING_VERIFICATION", null);
		Assessment first = scanDue();

		statusChanged(1, "ACTIVE", null);
		statusChanged(1, "PENDING_VERIFICATION", null);
		assertThat(this.schedule.get(this.integrationId).nextCheckAt()).isEqualTo(first.nextCheckAt());
		assertThat(scanDue()).isNull();

		statusChanged(1, "ACTIVE", 3600L);
		assertThat(this.schedule.get(this.integrationId).nextCheckAt())
			.isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));

		this.scheduleService.deleted(this.integrationId).block();
		assertThat(this.schedule.get(this.integrationId)).isNull();
	}

	@Test
	void expiringTokenAndOldCredential_areFindings() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		Instant since = this.clock.instant().minus(Duration.ofDays(100));
		Instant expiresAt = this.clock.instant().plus(Duration.ofDays(2));
		this.scheduleService
			.statusChanged(new StatusUpdate(this.tenantId, this.integrationId, "demo", 1, "PENDING_VERIFICATION", since,
					since, expiresAt, null, null, null))
			.block();

		Assessment assessment = scanDue();

		assertThat(assessment.findings()).filteredOn((finding) -> finding.code().equals("EXPIRES_SOON"))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.severity()).isEqualTo("WARNING"));
		assertThat(assessment.findings()).filteredOn((finding) -> finding.code().equals("CREDENTIAL_AGE"))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.attributes()).containsEntry("ageDays", "100"));
	}

	@Test
	void keyWithoutTheNeededScope_isUnderScoped() {
		String key = "demo_test_" + Fixtures.anIntegrationId();
		demoPlatform.scopes(key, "admin");
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(key));
		statusChanged(1, "PENDING_VERIFICATION", null);

		Assessment assessment = scanDue();

		assertThat(assessment.findings()).extracting(Finding::code).contains("UNDER_SCOPED", "OVER_SCOPED", "KEY_KIND");
		assertThat(assessment.findings()).filteredOn((finding) -> finding.code().equals("UNDER_SCOPED"))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.attributes()).containsEntry("missingScopes", "read"));
	}

	@Test
	void neverPutsThePlaintextInFindingsReportOrRecord_evenWhenThePlatformEchoesIt() {
		String canary = Fixtures.aDemoKey();
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(canary));
		statusChanged(1, "PENDING_VERIFICATION", null);
		byte[] echo = ("{\"account\":{\"name\":\"" + canary + "\",\"id\":\"acct_1\"}}").getBytes();
		try (TestPlatform echoing = TestPlatform.answering(200, echo, Duration.ZERO)) {
			this.baseUrls.put("demo", echoing.baseUrl());

			Assessment assessment = scanDue();

			assertThat(assessment.outcome()).isEqualTo(Verdict.VALID);
			assertThat(assessment.findings()).extracting(Finding::code).doesNotContain("ACCOUNT").contains("KEY_KIND");
			assertThat(KafkaScanPublisher.toEvent(assessment).toString()).doesNotContain(canary);
			assertThat(MongoAssessments.toDocument(assessment).toJson()).doesNotContain(canary);
			assertThat(MongoSchedule.toDocument(this.schedule.get(this.integrationId), 0).toJson())
				.doesNotContain(canary);
			assertThat(assessment.toString()).doesNotContain(canary);
		}
	}

	private void statusChanged(long version, String state, Long scanEverySeconds) {
		this.scheduleService
			.statusChanged(new StatusUpdate(this.tenantId, this.integrationId, "demo", version, state,
					this.clock.instant(), this.clock.instant(), null, null, null, scanEverySeconds))
			.block();
	}

	private ScheduledIntegration claim(String owner) {
		return this.schedule.claimNext(owner, this.clock.instant(), this.clock.instant().plusSeconds(60)).block();
	}

	private Assessment scanDue() {
		return scanDue(scanner());
	}

	private Assessment scanDue(ScanService scanner) {
		ScheduledIntegration claimed = claim("test");
		return (claimed != null) ? scanner.run(claimed).block() : null;
	}

	private ScanService scanner() {
		return scanner(Fixtures.scannerProperties(PROBE_TIMEOUT));
	}

	private ScanService scanner(ScannerProperties properties) {
		return scanner(leases(), properties);
	}

	private ScanService scanner(Leases vaultClient, ScannerProperties properties) {
		return scanner(vaultClient, properties, this.publisher);
	}

	private ScanService scanner(Leases vaultClient, ScannerProperties properties, ScanPublisher reports) {
		this.baseUrls.putIfAbsent("demo", demoPlatform.baseUrl());
		PlatformLimits limits = new PlatformLimits() {

			@Override
			public Mono<Permit> acquire(String provider, Scan.RateLimit limit) {
				return PlatformLimits.NONE.acquire(provider, limit);
			}

			@Override
			public Mono<Void> pause(String provider, Instant until) {
				return Mono.fromRunnable(() -> ScanServiceTest.this.pauses.add(until));
			}

		};
		return new ScanService(ProviderCatalogue.builtIn(), vaultClient,
				new LeaseOpener(new HpkeOpener(this.leaseKeyset), CONSUMER),
				TestVerifiers.overHttp(PROBE_TIMEOUT, this.baseUrls, limits, this.clock), this.assessments,
				this.schedule, reports, this.planner,
				new ScanMeter(new SimpleMeterRegistry(), ProviderCatalogue.builtIn()), this.clock, properties);
	}

	private Leases leases() {
		return (tenant, integration, purpose) -> Mono
			.fromCallable(() -> this.vault.lease(CONSUMER, tenant, integration, purpose));
	}

}

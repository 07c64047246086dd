package dev.latchkey.scanner.scan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.local.DemoPlatform;
import dev.latchkey.scanner.FakeVault;
import dev.latchkey.scanner.Fixtures;
import dev.latchkey.scanner.probe.TestPlatform;
import dev.latchkey.scanner.probe.TestVerifiers;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Leases;
import dev.latchkey.vaultclient.VaultUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class ScanServiceTest {

	private static final String CONSUMER = "scanner";

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	private static DemoPlatform demoPlatform;

	private final KeysetHandle leaseKeyset = Fixtures.aLeaseKeyset();

	private final FakeVault vault = FakeVault.forConsumer(CONSUMER, this.leaseKeyset);

	private final InMemoryAssessments assessments = new InMemoryAssessments();

	private final RecordingPublisher publisher = new RecordingPublisher();

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
	void scan_acceptedKey_isValidAndVerified() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));

		Assessment assessment = scanner(demoPlatform.baseUrl()).scan(pending(1)).block();

		assertThat(assessment.outcome()).isEqualTo(Verdict.VALID);
		assertThat(assessment.reason()).isEqualTo("VERIFIED");
		assertThat(assessment.httpStatus()).isEqualTo(200);
		assertThat(assessment.version()).isEqualTo(1);
		assertThat(assessment.tenantId()).isEqualTo(this.tenantId);
		assertThat(assessment.assessedAt()).isEqualTo(NOW);
		assertThat(this.publisher.published).containsExactly(assessment);
		assertThat(this.assessments.all()).containsExactly(assessment);
	}

	@Test
	void scan_keyRejectedByThePlatform_isInvalid() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aRejectedDemoKey()));

		Assessment assessment = scanner(demoPlatform.baseUrl()).scan(pending(1)).block();

		assertThat(assessment.outcome()).isEqualTo(Verdict.INVALID);
		assertThat(assessment.reason()).isEqualTo("REJECTED_BY_PLATFORM");
		assertThat(assessment.httpStatus()).isEqualTo(401);
		assertThat(this.publisher.published).containsExactly(assessment);
	}

	@Test
	void scan_platformDown_isErrorPlatformUnreachable() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));

		Assessment assessment = scanner(TestPlatform.down()).scan(pending(1)).block();

		assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
		assertThat(assessment.reason()).isEqualTo("PLATFORM_UNREACHABLE");
		assertThat(assessment.httpStatus()).isNull();
	}

	@Test
	void scan_slowPlatform_isErrorTimeout() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		try (TestPlatform slow = TestPlatform.slow(PROBE_TIMEOUT.multipliedBy(4))) {
			Assessment assessment = scanner(slow.baseUrl()).scan(pending(1)).block();

			assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
			assertThat(assessment.reason()).isEqualTo("TIMEOUT");
			assertThat(assessment.latencyMillis()).isBetween(PROBE_TIMEOUT.toMillis(),
					PROBE_TIMEOUT.multipliedBy(3).toMillis());
		}
	}

	@Test
	void scan_platformFailing_isErrorWithItsStatus() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		try (TestPlatform failing = TestPlatform.answering(503, new byte[0], Duration.ZERO)) {
			Assessment assessment = scanner(failing.baseUrl()).scan(pending(1)).block();

			assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
			assertThat(assessment.reason()).isEqualTo("UNEXPECTED_STATUS_503");
			assertThat(assessment.httpStatus()).isEqualTo(503);
		}
	}

	@Test
	void scan_replayedEvent_leasesOnceAndReportsTheSameEventAgain() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		ScanService scanner = scanner(demoPlatform.baseUrl());

		Assessment first = scanner.scan(pending(1)).block();
		Assessment replayed = scanner.scan(pending(1)).block();

		assertThat(this.vault.leaseCount()).isEqualTo(1);
		assertThat(replayed).isEqualTo(first);
		assertThat(this.assessments.all()).hasSize(1);
		assertThat(this.publisher.published).extracting(Assessment::eventId)
			.containsExactly(first.eventId(), first.eventId());
	}

	@Test
	void scan_unknownIntegration_isErrorLeaseRefused() {
		Assessment assessment = scanner(demoPlatform.baseUrl()).scan(pending(3)).block();

		assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
		assertThat(assessment.reason()).isEqualTo("LEASE_REFUSED");
		assertThat(assessment.version()).isEqualTo(3);
		assertThat(assessment.httpStatus()).isNull();
		assertThat(this.publisher.published).containsExactly(assessment);
	}

	@Test
	void scan_unregisteredConsumer_isErrorLeaseRefused() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		Leases otherConsumer = (tenant, integration, purpose) -> Mono
			.fromCallable(() -> this.vault.lease("intruder", tenant, integration, purpose));

		Assessment assessment = scanner(otherConsumer, demoPlatform.baseUrl()).scan(pending(1)).block();

		assertThat(assessment.reason()).isEqualTo("LEASE_REFUSED");
		assertThat(this.vault.leaseCount()).isZero();
	}

	@Test
	void scan_unknownProvider_leasesNothing() {
		this.vault.store(this.tenantId, this.integrationId, "acme", 1, Map.of(), Map.of("api_key", "x"));

		Assessment assessment = scanner(demoPlatform.baseUrl())
			.scan(new ScanRequest(this.tenantId, this.integrationId, "acme", 1))
			.block();

		assertThat(assessment.outcome()).isEqualTo(Verdict.ERROR);
		assertThat(assessment.reason()).isEqualTo("UNKNOWN_PROVIDER");
		assertThat(this.vault.leaseCount()).isZero();
	}

	@Test
	void scan_newerVersionInTheVault_verifiesAndReportsTheLeasedVersion() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 4, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));

		Assessment assessment = scanner(demoPlatform.baseUrl()).scan(pending(3)).block();

		assertThat(assessment.version()).isEqualTo(4);
		assertThat(assessment.outcome()).isEqualTo(Verdict.VALID);
	}

	@Test
	void scan_vaultUnavailable_failsSoThatTheEventIsRetried() {
		this.vault.breakFor(this.integrationId);

		StepVerifier.create(scanner(demoPlatform.baseUrl()).scan(pending(1)))
			.expectError(VaultUnavailableException.class)
			.verify();
		assertThat(this.assessments.all()).isEmpty();
		assertThat(this.publisher.published).isEmpty();
	}

	@Test
	void scan_leaseSealedToAnotherKey_doesNotOpen() {
		FakeVault misconfigured = FakeVault.forConsumer(CONSUMER, Fixtures.aLeaseKeyset());
		misconfigured.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));
		Leases vaultClient = (tenant, integration, purpose) -> Mono
			.fromCallable(() -> misconfigured.lease(CONSUMER, tenant, integration, purpose));
		int probesBefore = demoPlatform.requestCount();

		StepVerifier.create(scanner(vaultClient, demoPlatform.baseUrl()).scan(pending(1)))
			.expectError(SealingException.class)
			.verify();
		assertThat(demoPlatform.requestCount()).isEqualTo(probesBefore);
		assertThat(this.publisher.published).isEmpty();
	}

	@Test
	void scan_neverPutsThePlaintextInTheReportOrTheRecord() {
		String canary = Fixtures.aDemoKey();
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(canary));

		Assessment assessment = scanner(demoPlatform.baseUrl()).scan(pending(1)).block();

		assertThat(assessment.outcome()).isEqualTo(Verdict.VALID);
		assertThat(KafkaScanPublisher.toEvent(assessment).toString()).doesNotContain(canary);
		assertThat(MongoAssessments.toDocument(assessment).toJson()).doesNotContain(canary);
		assertThat(assessment.toString()).doesNotContain(canary);
	}

	private ScanRequest pending(long version) {
		return new ScanRequest(this.tenantId, this.integrationId, "demo", version);
	}

	private ScanService scanner(String demoBaseUrl) {
		return scanner((tenant, integration, purpose) -> Mono
			.fromCallable(() -> this.vault.lease(CONSUMER, tenant, integration, purpose)), demoBaseUrl);
	}

	private ScanService scanner(Leases vaultClient, String demoBaseUrl) {
		return new ScanService(ProviderCatalogue.builtIn(), vaultClient,
				new LeaseOpener(new HpkeOpener(this.leaseKeyset), CONSUMER),
				TestVerifiers.overHttp(PROBE_TIMEOUT, Map.of("demo", demoBaseUrl)), this.assessments, this.publisher,
				new ScanMeter(new SimpleMeterRegistry(), ProviderCatalogue.builtIn()),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

}

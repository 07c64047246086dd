package dev.latchkey.scanner.scan;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.scanner.probe.PlatformVerifier;
import dev.latchkey.scanner.probe.Verification;
import dev.latchkey.vaultclient.Lease;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Leases;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultRefusedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Verifies a new credential version: lease it from the vault, open it, probe its
 * platform, record the assessment and report it. The plaintext exists only inside
 * {@link #probe(Provider, Lease)}, for the duration of one probe.
 */
@Service
class ScanService {

	private static final Log logger = LogFactory.getLog(ScanService.class);

	private final ProviderCatalogue catalogue;

	private final Leases vault;

	private final LeaseOpener opener;

	private final PlatformVerifier verifier;

	private final Assessments assessments;

	private final ScanPublisher publisher;

	private final ScanMeter meter;

	private final Clock clock;

	ScanService(ProviderCatalogue catalogue, Leases vault, LeaseOpener opener, PlatformVerifier verifier,
			Assessments assessments, ScanPublisher publisher, ScanMeter meter, Clock clock) {
		this.meter = meter;
		this.catalogue = catalogue;
		this.vault = vault;
		this.opener = opener;
		this.verifier = verifier;
		this.assessments = assessments;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Scans once per (integration, version). A replayed request leases nothing: it
	 * reports the recorded assessment again, under the same event id, in case the first
	 * report was lost.
	 */
	Mono<Assessment> scan(ScanRequest request) {
		return this.assessments.find(request.integrationId(), request.version())
			.switchIfEmpty(
					Mono.defer(() -> assess(request)).flatMap(this.assessments::record).doOnNext(this.meter::count))
			.flatMap((assessment) -> this.publisher.publish(assessment).thenReturn(assessment))
			.doOnNext((assessment) -> logger.info("Scanned " + assessment.integrationId() + " v" + assessment.version()
					+ " (" + assessment.provider() + "): " + assessment.outcome() + " " + assessment.reason()));
	}

	private Mono<Assessment> assess(ScanRequest request) {
		if (this.catalogue.find(request.provider()).isEmpty()) {
			return Mono.just(unassessed(request, Assessment.UNKNOWN_PROVIDER));
		}
		return this.vault.lease(request.tenantId(), request.integrationId(), Purpose.SCAN)
			.flatMap((lease) -> verify(request, lease))
			.onErrorResume(VaultRefusedException.class,
					(ex) -> Mono.just(unassessed(request, Assessment.LEASE_REFUSED)));
	}

	private Mono<Assessment> verify(ScanRequest request, Lease lease) {
		if (!lease.tenantId().equals(request.tenantId()) || !lease.integrationId().equals(request.integrationId())) {
			return Mono.error(new IllegalStateException("The vault answered lease " + lease.leaseId()
					+ " for another integration than " + request.integrationId()));
		}
		return this.catalogue.find(lease.provider())
			.map((provider) -> probe(provider, lease))
			.orElseGet(() -> Mono.just(new Verification(Verdict.ERROR, null, 0, Assessment.UNKNOWN_PROVIDER)))
			.map((verification) -> new Assessment(UUID.randomUUID().toString(), lease.tenantId(), lease.integrationId(),
					lease.provider(), lease.version(), verification.outcome(), verification.httpStatus(),
					verification.latencyMillis(), verification.reason(), this.clock.instant()));
	}

	private Mono<Verification> probe(Provider provider, Lease lease) {
		SecretFields secret = this.opener.open(lease);
		Map<String, String> fields = new HashMap<>(lease.publicFields());
		secret.names().forEach((name) -> fields.put(name, secret.value(name)));
		return this.verifier.verify(provider, fields);
	}

	private Assessment unassessed(ScanRequest request, String reason) {
		return new Assessment(UUID.randomUUID().toString(), request.tenantId(), request.integrationId(),
				request.provider(), request.version(), Verdict.ERROR, null, 0, reason, this.clock.instant());
	}

}

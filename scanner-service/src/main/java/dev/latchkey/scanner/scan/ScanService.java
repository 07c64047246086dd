package dev.latchkey.scanner.scan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.scanner.ScannerProperties;
import dev.latchkey.scanner.probe.Finding;
import dev.latchkey.scanner.probe.PlatformBusyException;
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
 * Runs one claimed scan: lease the credential from the vault, open it, probe its
 * platform, then record the result under the claim's fence and report it. The plaintext
 * exists only inside {@link #probe(Provider, Lease)}, for the duration of one probe.
 * <p>
 * Transient failures (timeout, 5xx, 429, unreachable) are retried with back-off and
 * reported, as ERROR, only once {@code failures-before-error} came in a row; the vault
 * failing or a platform too busy to take the probe soon puts the scan back without any
 * report. A result is written only while the claim's fence is the integration's: a scan
 * whose claim was taken over records and reports nothing.
 */
@Service
class ScanService {

	private static final Log logger = LogFactory.getLog(ScanService.class);

	private final ProviderCatalogue catalogue;

	private final Leases vault;

	private final LeaseOpener opener;

	private final PlatformVerifier verifier;

	private final Assessments assessments;

	private final Schedule schedule;

	private final ScanPublisher publisher;

	private final Planner planner;

	private final ScanMeter meter;

	private final Clock clock;

	private final ScannerProperties.Schedule settings;

	private final ScannerProperties.Findings findings;

	ScanService(ProviderCatalogue catalogue, Leases vault, LeaseOpener opener, PlatformVerifier verifier,
			Assessments assessments, Schedule schedule, ScanPublisher publisher, Planner planner, ScanMeter meter,
			Clock clock, ScannerProperties properties) {
		this.meter = meter;
		this.catalogue = catalogue;
		this.vault = vault;
		this.opener = opener;
		this.verifier = verifier;
		this.assessments = assessments;
		this.schedule = schedule;
		this.publisher = publisher;
		this.planner = planner;
		this.clock = clock;
		this.settings = properties.schedule();
		this.findings = properties.findings();
	}

	/**
	 * Runs a claimed scan to its end.
	 * @return the assessment reported, empty when nothing was (a transient failure below
	 * the threshold, a deferral, a claim lost)
	 */
	Mono<Assessment> run(ScheduledIntegration claimed) {
		if (claimed.pending() != null) {
			// The claimer before us recorded this but may have died before reporting it.
			return report(claimed, claimed.pending());
		}
		return scan(claimed).flatMap((scanned) -> conclude(claimed, scanned))
			.onErrorResume(Deferral.class,
					(deferral) -> putBack(claimed, deferral.until, deferral.infrastructureFailures).then(Mono.empty()));
	}

	private Mono<Scanned> scan(ScheduledIntegration claimed) {
		if (this.catalogue.find(claimed.provider()).isEmpty()) {
			return Mono.just(new Scanned(claimed.version(), Verification.error(Assessment.UNKNOWN_PROVIDER)));
		}
		return this.vault.lease(claimed.tenantId(), claimed.id(), Purpose.SCAN)
			.flatMap((lease) -> verify(claimed, lease))
			.onErrorResume(VaultRefusedException.class,
					(ex) -> Mono.just(new Scanned(claimed.version(), Verification.error(Assessment.LEASE_REFUSED))))
			.onErrorMap((ex) -> !(ex instanceof Deferral), (ex) -> deferral(claimed, ex));
	}

	private Deferral deferral(ScheduledIntegration claimed, Throwable ex) {
		if (ex instanceof PlatformBusyException busy) {
			return new Deferral(busy.until(), claimed.infrastructureFailures());
		}
		int failures = claimed.infrastructureFailures() + 1;
		Duration delay = doubling(this.settings.infrastructureBackoff(), this.settings.maxInfrastructureBackoff(),
				failures);
		// Vault unavailable, a lease that does not open (wrong key): the credential is
		// not
		// at fault, so nothing is reported; the scan is retried until the cause is fixed.
		logger.warn("Scan of " + claimed.id() + " could not lease or open its credential ("
				+ ex.getClass().getSimpleName() + "); retried in " + delay.toMillis() + " ms");
		return new Deferral(this.clock.instant().plus(delay), failures);
	}

	private Mono<Scanned> verify(ScheduledIntegration claimed, Lease lease) {
		if (!lease.tenantId().equals(claimed.tenantId()) || !lease.integrationId().equals(claimed.id())) {
			return Mono.error(new IllegalStateException(
					"The vault answered lease " + lease.leaseId() + " for another integration than " + claimed.id()));
		}
		return this.catalogue.find(lease.provider())
			.map((provider) -> probe(provider, lease))
			.orElseGet(() -> Mono.just(Verification.error(Assessment.UNKNOWN_PROVIDER)))
			.map((verification) -> new Scanned(lease.version(), verification));
	}

	private Mono<Verification> probe(Provider provider, Lease lease) {
		SecretFields secret = this.opener.open(lease);
		Map<String, String> fields = new HashMap<>(lease.publicFields());
		secret.names().forEach((name) -> fields.put(name, secret.value(name)));
		return this.verifier.verify(provider, fields);
	}

	private Mono<Assessment> conclude(ScheduledIntegration claimed, Scanned scanned) {
		Instant now = this.clock.instant();
		Verification verification = scanned.verification();
		int failures = verification.transientFailure() ? claimed.consecutiveFailures() + 1 : 0;
		if (verification.transientFailure() && failures < this.settings.failuresBeforeError()) {
			Instant retry = now.plus(backoff(failures));
			return commit(claimed,
					(entry) -> entry.checked(now, failures, false, null).released(retry, entry.trigger(), 0, now))
				.then(Mono.empty());
		}
		Instant next = this.planner.next(claimed.provider(), claimed.scanEverySeconds(), now);
		if (verification.transientFailure()) {
			Instant retry = now.plus(backoff(failures));
			next = retry.isBefore(next) ? retry : next;
		}
		String reason = verification.reason();
		if (verification.outcome() == Verdict.INVALID && claimed.wasActive()
				&& scanned.version() == claimed.version()) {
			reason = Assessment.REVOKED_AT_PLATFORM;
		}
		List<Finding> found = new ArrayList<>(verification.findings());
		found.addAll(timeFindings(claimed, now));
		Assessment assessment = new Assessment(UUID.randomUUID().toString(), claimed.tenantId(), claimed.id(),
				claimed.provider(), scanned.version(), verification.outcome(), verification.httpStatus(),
				verification.latencyMillis(), reason, now, claimed.trigger(), found, next, failures, claimed.fence());
		boolean valid = verification.outcome() == Verdict.VALID && scanned.version() == claimed.version();
		return commit(claimed, (entry) -> entry.checked(now, failures, valid, assessment))
			// Counted once, when the claim's result is settled; a report re-sent after a
			// crash is not a new scan.
			.doOnNext((entry) -> this.meter.count(assessment))
			.flatMap((entry) -> report(entry, assessment));
	}

	/** Records, reports, then ends the claim; each step safe to redo. */
	private Mono<Assessment> report(ScheduledIntegration claimed, Assessment assessment) {
		return this.assessments.record(assessment)
			.flatMap((recorded) -> this.publisher.publish(recorded).thenReturn(recorded))
			.flatMap((recorded) -> commit(claimed,
					(entry) -> entry.released(recorded.nextCheckAt(), Trigger.SCHEDULED, 0, this.clock.instant()))
				.thenReturn(recorded))
			.doOnNext((recorded) -> logger
				.info("Scanned " + recorded.integrationId() + " v" + recorded.version() + " (" + recorded.provider()
						+ ", " + recorded.trigger() + "): " + recorded.outcome() + " " + recorded.reason()));
	}

	private Mono<Void> putBack(ScheduledIntegration claimed, Instant until, int infrastructureFailures) {
		return commit(claimed,
				(entry) -> entry.released(until, entry.trigger(), infrastructureFailures, this.clock.instant()))
			.then();
	}

	/**
	 * Applies a change to the integration as long as this claim still holds it.
	 * @return the entry as written; empty when the claim was lost (taken over after it
	 * ran out, or the integration deleted)
	 */
	private Mono<ScheduledIntegration> commit(ScheduledIntegration claimed,
			UnaryOperator<ScheduledIntegration> change) {
		return Mono.defer(() -> this.schedule.find(claimed.id()).flatMap((current) -> {
			if (current.fence() != claimed.fence()) {
				logger.warn("Claim " + claimed.fence() + " of " + claimed.id()
						+ " was taken over before its scan ended; its result is dropped");
				return Mono.just(new Written(null));
			}
			ScheduledIntegration changed = change.apply(current);
			return this.schedule.replace(changed)
				.flatMap((written) -> written ? Mono.just(new Written(withRevision(changed, changed.revision() + 1)))
						: Mono.empty());
		})).repeatWhenEmpty((conflicts) -> conflicts.take(100)).flatMap((written) -> Mono.justOrEmpty(written.entry()));
	}

	private List<Finding> timeFindings(ScheduledIntegration claimed, Instant now) {
		List<Finding> found = new ArrayList<>();
		Instant expiresAt = claimed.expiresAt();
		if (expiresAt != null && expiresAt.isBefore(now.plus(this.findings.expiryHorizon()))) {
			boolean expired = !expiresAt.isAfter(now);
			found.add(new Finding("EXPIRES_SOON", expired ? Finding.CRITICAL : Finding.WARNING,
					expired ? "The access token expired at " + expiresAt + "."
							: "The access token expires at " + expiresAt + ".",
					Map.of("expiresAt", expiresAt.toString())));
		}
		Instant since = (claimed.versionSince() != null) ? claimed.versionSince() : claimed.createdAt();
		if (since != null && since.isBefore(now.minus(this.findings.credentialAge()))) {
			long days = Duration.between(since, now).toDays();
			found.add(new Finding("CREDENTIAL_AGE", Finding.WARNING,
					"The credential was set " + days + " days ago: time to rotate it.",
					Map.of("ageDays", Long.toString(days), "since", since.toString())));
		}
		return found;
	}

	private Duration backoff(int failures) {
		return doubling(this.settings.retryBackoff(), this.settings.maxRetryBackoff(), failures);
	}

	private static Duration doubling(Duration first, Duration max, int attempt) {
		Duration delay = first.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
		return (delay.compareTo(max) > 0) ? max : delay;
	}

	private static ScheduledIntegration withRevision(ScheduledIntegration entry, long revision) {
		return new ScheduledIntegration(entry.id(), entry.tenantId(), entry.provider(), entry.version(), entry.state(),
				entry.wasActive(), entry.createdAt(), entry.versionSince(), entry.expiresAt(), entry.scanEverySeconds(),
				entry.nextCheckAt(), entry.trigger(), entry.lastCheckedAt(), entry.consecutiveFailures(),
				entry.infrastructureFailures(), entry.claimOwner(), entry.fence(), entry.claimUntil(),
				entry.requested(), entry.pending(), entry.cause(), revision);
	}

	private record Scanned(long version, Verification verification) {
	}

	private record Written(ScheduledIntegration entry) {
	}

	/** Put the scan back until then; nothing to report. */
	private static final class Deferral extends RuntimeException {

		private final transient Instant until;

		private final int infrastructureFailures;

		Deferral(Instant until, int infrastructureFailures) {
			super(null, null, false, false);
			this.until = until;
			this.infrastructureFailures = infrastructureFailures;
		}

	}

}

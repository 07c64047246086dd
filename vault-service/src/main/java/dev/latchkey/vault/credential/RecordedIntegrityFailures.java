package dev.latchkey.vault.credential;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * A stored credential that fails authentication when opened (a flipped byte, an envelope
 * of another record, a version rolled back, an edited public field) is a state, not a
 * retry: the integration turns {@code ERROR} with reason {@code INTEGRITY_FAILURE} (on
 * the status topic, so on the page), an operator log line and the
 * {@code latchkey.vault.integrity.failures} counter name it, and nothing leases or scans
 * that version again. A new version starts clean.
 */
@Service
class RecordedIntegrityFailures implements IntegrityFailures {

	private static final Logger logger = LoggerFactory.getLogger(RecordedIntegrityFailures.class);

	private final CredentialRepository credentials;

	private final StatusPublisher status;

	private final Clock clock;

	private final Counter failures;

	RecordedIntegrityFailures(CredentialRepository credentials, StatusPublisher status, Clock clock,
			MeterRegistry meters) {
		this.credentials = credentials;
		this.status = status;
		this.clock = clock;
		this.failures = Counter.builder("latchkey.vault.integrity.failures")
			.description("Stored credentials that failed authentication when opened")
			.register(meters);
	}

	/**
	 * Marks the credential's current version as failed, once.
	 * @param credential as read before it failed to open
	 */
	@Override
	public Mono<Void> record(Credential credential) {
		this.failures.increment();
		logger.warn(
				"INTEGRITY_FAILURE: the stored credential of integration {} (tenant {}, version {}) failed "
						+ "authentication when opened: altered, moved or rolled back; marked ERROR, not retried",
				credential.integrationId(), credential.tenantId(), credential.version());
		if (credential.hasIntegrityFailure() || credential.isDeleted()) {
			return Mono.empty();
		}
		Credential failed = credential.withIntegrityFailure("integrity-" + UUID.randomUUID(),
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		// Changed meanwhile (a new version): that one starts clean, nothing to mark.
		return this.credentials.replace(credential, failed)
			.flatMap((replaced) -> replaced ? this.status.publish(failed) : Mono.empty());
	}

}

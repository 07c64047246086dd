package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.List;

/**
 * A completed scan of one credential version.
 *
 * @param checkedAt when the scanner checked it (the event's {@code occurredAt})
 * @param trigger {@code NEW_VERSION}, {@code SCHEDULED}, {@code ON_DEMAND}, or
 * {@code null} from a scanner that predates it
 * @param nextCheckAt when the scanner checks next, {@code null} when it did not say
 */
record ScanResult(String eventId, String tenantId, String integrationId, long version, ScanOutcome outcome,
		String reason, Instant checkedAt, String trigger, Integer httpStatus, long latencyMillis,
		List<Finding> findings, Instant nextCheckAt, int consecutiveFailures) {

	ScanResult(String eventId, String tenantId, String integrationId, long version, ScanOutcome outcome, String reason,
			Instant checkedAt) {
		this(eventId, tenantId, integrationId, version, outcome, reason, checkedAt, null, null, 0, List.of(), null, 0);
	}

	ScanResult {
		findings = (findings != null) ? List.copyOf(findings) : List.of();
	}

	String reasonOr(String fallback) {
		return (this.reason != null && !this.reason.isBlank()) ? this.reason : fallback;
	}

	/** The scan as the integration's history keeps it. */
	Assessment assessment(Credential of) {
		return new Assessment(this.eventId, this.tenantId, this.integrationId, of.provider(), this.version,
				this.checkedAt, this.trigger, this.outcome.name(), this.reason, this.httpStatus, this.latencyMillis,
				this.findings, this.nextCheckAt, this.consecutiveFailures);
	}

}

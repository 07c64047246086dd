package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.List;

/**
 * One scan of an integration as its history keeps it: what was checked when, the outcome,
 * and the findings. Never a secret.
 *
 * @param eventId the {@code ScanCompleted} event's id: each scan is kept once
 * @param version the credential version that was checked (older versions' scans are kept
 * too: they happened)
 * @param outcome {@code VALID}, {@code INVALID} or {@code ERROR}
 */
public record Assessment(String eventId, String tenantId, String integrationId, String provider, long version,
		Instant checkedAt, String trigger, String outcome, String reason, Integer httpStatus, long latencyMillis,
		List<Finding> findings, Instant nextCheckAt, int consecutiveFailures) {

	public Assessment {
		findings = (findings != null) ? List.copyOf(findings) : List.of();
	}

}

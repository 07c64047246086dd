package dev.latchkey.vault.credential;

import java.time.Instant;

/** A completed scan of one credential version. */
record ScanResult(String eventId, String tenantId, String integrationId, long version, ScanOutcome outcome,
		String reason, Instant verifiedAt) {

	String reasonOr(String fallback) {
		return (this.reason != null && !this.reason.isBlank()) ? this.reason : fallback;
	}

}

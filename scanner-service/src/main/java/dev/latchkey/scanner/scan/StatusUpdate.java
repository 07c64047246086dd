package dev.latchkey.scanner.scan;

import java.time.Instant;

/**
 * What the scanner takes from an {@code IntegrationStatusChanged}.
 *
 * @param reportedNextCheckAt the next check the scanner last reported, as the vault
 * echoes it (lets a scanner with an empty schedule pick up where the fleet was)
 * @param scanEverySeconds the integration's own period, {@code null} = the provider's
 */
record StatusUpdate(String tenantId, String integrationId, String provider, long version, String state,
		Instant occurredAt, Instant createdAt, Instant expiresAt, Instant lastCheckedAt, Instant reportedNextCheckAt,
		Long scanEverySeconds) {

	static final String PENDING_VERIFICATION = "PENDING_VERIFICATION";

	static final String ACTIVE = "ACTIVE";

	boolean isPending() {
		return PENDING_VERIFICATION.equals(this.state);
	}

}

package dev.latchkey.collector.oauth.refresh;

import java.time.Instant;

/**
 * What a status event says about an integration's tokens: which version is current and
 * when it expires.
 */
record Expiry(String tenantId, String integrationId, String provider, String name, long version, String state,
		Instant expiresAt) {

	/** States in which refreshing is pointless: the user must act. */
	boolean needsTheUser() {
		return "REAUTH_REQUIRED".equals(this.state) || "EXPIRED".equals(this.state) || "INVALID".equals(this.state);
	}

}

package dev.latchkey.collector.oauth.connect;

import java.time.Instant;

/**
 * A connect waiting for its callback, found by the hash of its state. One-time: taking it
 * removes it.
 *
 * @param stateHash SHA-256 of the state parameter (the state itself is never stored)
 * @param codeVerifier the PKCE verifier, sent only to the platform's token endpoint
 * @param browserHash SHA-256 of the key in the starting browser's cookie
 * ({@link BrowserBinding}); the callback must come with that key
 */
record PendingConnect(String stateHash, String tenantId, String provider, String name, String codeVerifier,
		String returnUrl, Instant expiresAt, String browserHash) {

	boolean expiredAt(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	@Override
	public String toString() {
		return "PendingConnect[tenant=" + this.tenantId + ", provider=" + this.provider + ", name=" + this.name
				+ ", expiresAt=" + this.expiresAt + "]";
	}

}

package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.Map;

/**
 * A credential as the collector submitted it: public fields in clear, the secret fields
 * sealed to the vault.
 *
 * @param expiresAt when the access token expires (OAuth), {@code null} when unknown
 * @param basedOnVersion for a refresh, the version it started from: it applies only while
 * that is still the current version
 * @param scanEverySeconds a scan period chosen on submission, {@code null} for none
 */
record Submission(String eventId, String tenantId, String integrationId, String provider, String name,
		Instant occurredAt, String source, Map<String, String> publicFields, byte[] sealedSecret, Instant expiresAt,
		Long basedOnVersion, Long scanEverySeconds) {

	Submission(String eventId, String tenantId, String integrationId, String provider, String name, Instant occurredAt,
			String source, Map<String, String> publicFields, byte[] sealedSecret, Instant expiresAt,
			Long basedOnVersion) {
		this(eventId, tenantId, integrationId, provider, name, occurredAt, source, publicFields, sealedSecret,
				expiresAt, basedOnVersion, null);
	}

	Submission(String eventId, String tenantId, String integrationId, String provider, String name, Instant occurredAt,
			String source, Map<String, String> publicFields, byte[] sealedSecret) {
		this(eventId, tenantId, integrationId, provider, name, occurredAt, source, publicFields, sealedSecret, null,
				null, null);
	}

	Submission {
		publicFields = Map.copyOf(publicFields);
		sealedSecret = sealedSecret.clone();
	}

	@Override
	public byte[] sealedSecret() {
		return this.sealedSecret.clone();
	}

	@Override
	public String toString() {
		return "Submission[event " + this.eventId + ", tenant " + this.tenantId + ", integration " + this.integrationId
				+ "]";
	}

}

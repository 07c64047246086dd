package dev.latchkey.collector.credential;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A received credential as it leaves the collector: public fields in clear, secret fields
 * only as a ciphertext sealed to the vault and bound to (tenant, integration, event).
 *
 * @param expiresAt when the access token expires (OAuth), {@code null} when unknown
 * @param scopes scopes the platform granted (OAuth)
 * @param basedOnVersion the version a refresh started from, {@code null} otherwise
 * @param scanEverySeconds the scan period chosen on submission, {@code null} for none
 */
public record SealedCredential(String eventId, String tenantId, String integrationId, String provider, String name,
		Instant occurredAt, String source, Map<String, String> publicFields, byte[] sealedSecret, Instant expiresAt,
		List<String> scopes, Long basedOnVersion, Long scanEverySeconds) {

	public SealedCredential(String eventId, String tenantId, String integrationId, String provider, String name,
			Instant occurredAt, String source, Map<String, String> publicFields, byte[] sealedSecret, Instant expiresAt,
			List<String> scopes, Long basedOnVersion) {
		this(eventId, tenantId, integrationId, provider, name, occurredAt, source, publicFields, sealedSecret,
				expiresAt, scopes, basedOnVersion, null);
	}

	public static final String SOURCE_API_KEY = "API_KEY";

	public static final String SOURCE_OAUTH = "OAUTH";

	public static final String SOURCE_REFRESH = "REFRESH";

	public SealedCredential {
		publicFields = Map.copyOf(publicFields);
		sealedSecret = sealedSecret.clone();
		scopes = List.copyOf(scopes);
	}

	SealedCredential(String eventId, String tenantId, String integrationId, String provider, String name,
			Instant occurredAt, String source, Map<String, String> publicFields, byte[] sealedSecret) {
		this(eventId, tenantId, integrationId, provider, name, occurredAt, source, publicFields, sealedSecret, null,
				List.of(), null);
	}

	@Override
	public byte[] sealedSecret() {
		return this.sealedSecret.clone();
	}

	@Override
	public String toString() {
		return "SealedCredential[event=" + this.eventId + ", tenant=" + this.tenantId + ", integration="
				+ this.integrationId + ", provider=" + this.provider + ", source=" + this.source + ", public fields="
				+ this.publicFields.keySet() + "]";
	}

}

package dev.latchkey.collector.credential;

import java.time.Instant;
import java.util.Map;

/**
 * A received credential as it leaves the collector: public fields in clear, secret fields
 * only as a ciphertext sealed to the vault and bound to (tenant, integration, event).
 */
record SealedCredential(String eventId, String tenantId, String integrationId, String provider, String name,
		Instant occurredAt, String source, Map<String, String> publicFields, byte[] sealedSecret) {

	static final String SOURCE_API_KEY = "API_KEY";

	SealedCredential {
		publicFields = Map.copyOf(publicFields);
		sealedSecret = sealedSecret.clone();
	}

	@Override
	public byte[] sealedSecret() {
		return this.sealedSecret.clone();
	}

	@Override
	public String toString() {
		return "SealedCredential[event=" + this.eventId + ", tenant=" + this.tenantId + ", integration="
				+ this.integrationId + ", provider=" + this.provider + ", public fields=" + this.publicFields.keySet()
				+ "]";
	}

}

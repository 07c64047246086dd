package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.Map;

/**
 * A credential as the collector submitted it: public fields in clear, the secret fields
 * sealed to the vault.
 */
record Submission(String eventId, String tenantId, String integrationId, String provider, String name,
		Instant occurredAt, String source, Map<String, String> publicFields, byte[] sealedSecret) {

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

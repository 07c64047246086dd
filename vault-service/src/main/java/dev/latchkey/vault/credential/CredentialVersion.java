package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.Map;

import dev.latchkey.vault.crypto.Envelope;

/**
 * One submitted credential version as recorded, keyed by the event that brought it. The
 * record exists before the integration's credential moves to it, so a crash between the
 * two writes is finished by the re-delivered event.
 *
 * @param scanEverySeconds the scan period chosen with the submission, {@code null} for
 * none (the integration keeps its own)
 */
record CredentialVersion(String eventId, String tenantId, String integrationId, String provider, String name,
		long version, Map<String, String> publicFields, Envelope envelope, String source, Instant receivedAt,
		Instant storedAt, Instant expiresAt, Long scanEverySeconds) {

	CredentialVersion {
		publicFields = Map.copyOf(publicFields);
	}

	CredentialVersion(String eventId, String tenantId, String integrationId, String provider, String name, long version,
			Map<String, String> publicFields, Envelope envelope, String source, Instant receivedAt, Instant storedAt) {
		this(eventId, tenantId, integrationId, provider, name, version, publicFields, envelope, source, receivedAt,
				storedAt, null, null);
	}

}

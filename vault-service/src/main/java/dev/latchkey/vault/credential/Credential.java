package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.StoredVersion;

/**
 * One integration's credential as stored: its current version's envelope and its state.
 * Holds no plaintext.
 *
 * @param recentEventIds the last events applied, oldest first, so that a re-delivered one
 * is recognised
 */
public record Credential(String integrationId, String tenantId, String provider, String name, long version,
		Map<String, String> publicFields, Envelope envelope, CredentialState state, String reason, Instant createdAt,
		Instant updatedAt, Instant lastVerifiedAt, List<String> recentEventIds) {

	static final String RECEIVED = "RECEIVED";

	static final String VERIFIED = "VERIFIED";

	private static final int REMEMBERED_EVENTS = 16;

	public Credential {
		publicFields = Map.copyOf(publicFields);
		recentEventIds = List.copyOf(recentEventIds);
	}

	static Credential first(CredentialVersion stored, Instant now) {
		return new Credential(stored.integrationId(), stored.tenantId(), stored.provider(), stored.name(),
				stored.version(), stored.publicFields(), stored.envelope(), CredentialState.PENDING_VERIFICATION,
				RECEIVED, now, now, null, List.of(stored.eventId()));
	}

	/** The next version replaces the secret; it has not been verified yet. */
	Credential withVersion(CredentialVersion stored, Instant now) {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, stored.version(),
				stored.publicFields(), stored.envelope(), CredentialState.PENDING_VERIFICATION, RECEIVED,
				this.createdAt, now, null, remember(stored.eventId()));
	}

	Credential withScan(ScanResult scan, Instant now) {
		return switch (scan.outcome()) {
			case VALID -> withState(CredentialState.ACTIVE, VERIFIED, scan.verifiedAt(), scan.eventId(), now);
			case INVALID -> withState(CredentialState.INVALID, scan.reasonOr("REJECTED_BY_PLATFORM"),
					this.lastVerifiedAt, scan.eventId(), now);
			case ERROR -> withState(CredentialState.ERROR, scan.reasonOr("SCAN_FAILED"), this.lastVerifiedAt,
					scan.eventId(), now);
		};
	}

	private Credential withState(CredentialState state, String reason, Instant lastVerifiedAt, String eventId,
			Instant now) {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, this.version,
				this.publicFields, this.envelope, state, reason, this.createdAt, now, lastVerifiedAt,
				remember(eventId));
	}

	boolean hasApplied(String eventId) {
		return this.recentEventIds.contains(eventId);
	}

	public String lastEventId() {
		return this.recentEventIds.isEmpty() ? null : this.recentEventIds.get(this.recentEventIds.size() - 1);
	}

	public StoredVersion storedVersion() {
		return new StoredVersion(this.tenantId, this.integrationId, this.version);
	}

	private List<String> remember(String eventId) {
		List<String> ids = new ArrayList<>(this.recentEventIds);
		ids.add(eventId);
		return List.copyOf(ids.subList(Math.max(0, ids.size() - REMEMBERED_EVENTS), ids.size()));
	}

}

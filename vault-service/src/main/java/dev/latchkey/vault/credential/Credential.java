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
 * @param source how the current version arrived (API_KEY, OAUTH, REFRESH)
 * @param expiresAt when the current version's access token expires, {@code null} when it
 * does not or is unknown
 */
public record Credential(String integrationId, String tenantId, String provider, String name, long version,
		Map<String, String> publicFields, Envelope envelope, CredentialState state, String reason, Instant createdAt,
		Instant updatedAt, Instant lastVerifiedAt, List<String> recentEventIds, String source, Instant expiresAt) {

	public Credential(String integrationId, String tenantId, String provider, String name, long version,
			Map<String, String> publicFields, Envelope envelope, CredentialState state, String reason,
			Instant createdAt, Instant updatedAt, Instant lastVerifiedAt, List<String> recentEventIds) {
		this(integrationId, tenantId, provider, name, version, publicFields, envelope, state, reason, createdAt,
				updatedAt, lastVerifiedAt, recentEventIds, null, null);
	}

	static final String RECEIVED = "RECEIVED";

	static final String VERIFIED = "VERIFIED";

	static final String INTEGRITY_FAILURE = "INTEGRITY_FAILURE";

	/** Reason of a deleted credential whose versions may not all be shredded yet. */
	static final String DELETING = "DELETING";

	/** Reason of a deleted credential whose versions are shredded and tombstone sent. */
	static final String DELETION_COMPLETE = "DELETED";

	private static final int REMEMBERED_EVENTS = 16;

	public Credential {
		publicFields = Map.copyOf(publicFields);
		recentEventIds = List.copyOf(recentEventIds);
	}

	static Credential first(CredentialVersion stored, Instant now) {
		return new Credential(stored.integrationId(), stored.tenantId(), stored.provider(), stored.name(),
				stored.version(), stored.publicFields(), stored.envelope(), CredentialState.PENDING_VERIFICATION,
				RECEIVED, now, now, null, List.of(stored.eventId()), stored.source(), stored.expiresAt());
	}

	/** What the status topic says of an integration whose first connect failed. */
	static Credential neverConnected(ConnectFailure failure, Instant now) {
		return new Credential(failure.integrationId(), failure.tenantId(), failure.provider(), failure.name(), 0,
				Map.of(), null, CredentialState.ERROR, failure.reason(), now, now, null, List.of(failure.eventId()),
				null, null);
	}

	/** The next version replaces the secret; it has not been verified yet. */
	Credential withVersion(CredentialVersion stored, Instant now) {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, stored.version(),
				stored.publicFields(), stored.envelope(), CredentialState.PENDING_VERIFICATION, RECEIVED,
				this.createdAt, now, null, remember(stored.eventId()), stored.source(), stored.expiresAt());
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

	/**
	 * The stored record failed authentication when opened: altered, moved or rolled back.
	 */
	Credential withIntegrityFailure(String eventId, Instant now) {
		return withState(CredentialState.ERROR, INTEGRITY_FAILURE, this.lastVerifiedAt, eventId, now);
	}

	boolean hasIntegrityFailure() {
		return this.state == CredentialState.ERROR && INTEGRITY_FAILURE.equals(this.reason);
	}

	Credential withRefreshFailure(RefreshFailure failure, Instant now) {
		return withState(failure.state(), failure.reason(), this.lastVerifiedAt, failure.eventId(), now);
	}

	private Credential withState(CredentialState state, String reason, Instant lastVerifiedAt, String eventId,
			Instant now) {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, this.version,
				this.publicFields, this.envelope, state, reason, this.createdAt, now, lastVerifiedAt, remember(eventId),
				this.source, this.expiresAt);
	}

	/**
	 * The tenant deleted it: the envelope is dropped here, the versions' data keys are
	 * destroyed next ({@link #DELETING} until they are).
	 */
	Credential deleted(String deletionId, Instant now) {
		// The deletion is remembered like an event: a compare-and-set based on the
		// credential as it was before (a scan result in flight) no longer matches.
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, this.version,
				this.publicFields, null, CredentialState.DELETED, DELETING, this.createdAt, now, this.lastVerifiedAt,
				remember(deletionId), this.source, null);
	}

	Credential deletionCompleted() {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, this.version,
				this.publicFields, null, CredentialState.DELETED, DELETION_COMPLETE, this.createdAt, this.updatedAt,
				this.lastVerifiedAt, this.recentEventIds, this.source, null);
	}

	public boolean isDeleted() {
		return this.state == CredentialState.DELETED;
	}

	boolean isDeletionComplete() {
		return isDeleted() && DELETION_COMPLETE.equals(this.reason);
	}

	boolean hasApplied(String eventId) {
		return this.recentEventIds.contains(eventId);
	}

	public String lastEventId() {
		return this.recentEventIds.isEmpty() ? null : this.recentEventIds.get(this.recentEventIds.size() - 1);
	}

	public StoredVersion storedVersion() {
		return new StoredVersion(this.tenantId, this.integrationId, this.version, this.provider, this.name,
				this.publicFields);
	}

	private List<String> remember(String eventId) {
		List<String> ids = new ArrayList<>(this.recentEventIds);
		ids.add(eventId);
		return List.copyOf(ids.subList(Math.max(0, ids.size() - REMEMBERED_EVENTS), ids.size()));
	}

}

package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * @param updatedAt when the version, the state or the reason last changed (a scan that
 * confirms the state changes only {@code lastCheckedAt})
 * @param lastCheckedAt when the scanner last checked the current version, whatever the
 * outcome ({@code lastVerifiedAt}: the last {@code VALID})
 * @param nextCheckAt when the scanner said it checks the current version next
 * @param findings of the latest scan of the current version
 * @param scanEverySeconds the integration's own scan period, {@code null} for the
 * provider's default
 */
public record Credential(String integrationId, String tenantId, String provider, String name, long version,
		Map<String, String> publicFields, Envelope envelope, CredentialState state, String reason, Instant createdAt,
		Instant updatedAt, Instant lastVerifiedAt, List<String> recentEventIds, String source, Instant expiresAt,
		Instant lastCheckedAt, Instant nextCheckAt, List<Finding> findings, Long scanEverySeconds) {

	public Credential(String integrationId, String tenantId, String provider, String name, long version,
			Map<String, String> publicFields, Envelope envelope, CredentialState state, String reason,
			Instant createdAt, Instant updatedAt, Instant lastVerifiedAt, List<String> recentEventIds, String source,
			Instant expiresAt) {
		this(integrationId, tenantId, provider, name, version, publicFields, envelope, state, reason, createdAt,
				updatedAt, lastVerifiedAt, recentEventIds, source, expiresAt, null, null, List.of(), null);
	}

	public Credential(String integrationId, String tenantId, String provider, String name, long version,
			Map<String, String> publicFields, Envelope envelope, CredentialState state, String reason,
			Instant createdAt, Instant updatedAt, Instant lastVerifiedAt, List<String> recentEventIds) {
		this(integrationId, tenantId, provider, name, version, publicFields, envelope, state, reason, createdAt,
				updatedAt, lastVerifiedAt, recentEventIds, null, null);
	}

	static final String RECEIVED = "RECEIVED";

	static final String VERIFIED = "VERIFIED";

	static final String REJECTED_BY_PLATFORM = "REJECTED_BY_PLATFORM";

	static final String SCAN_FAILED = "SCAN_FAILED";

	static final String INTEGRITY_FAILURE = "INTEGRITY_FAILURE";

	/** Reason of a deleted credential whose versions may not all be shredded yet. */
	static final String DELETING = "DELETING";

	/** Reason of a deleted credential whose versions are shredded and tombstone sent. */
	static final String DELETION_COMPLETE = "DELETED";

	private static final int REMEMBERED_EVENTS = 16;

	public Credential {
		publicFields = Map.copyOf(publicFields);
		recentEventIds = List.copyOf(recentEventIds);
		findings = (findings != null) ? List.copyOf(findings) : List.of();
	}

	static Credential first(CredentialVersion stored, Instant now) {
		return new Credential(stored.integrationId(), stored.tenantId(), stored.provider(), stored.name(),
				stored.version(), stored.publicFields(), stored.envelope(), CredentialState.PENDING_VERIFICATION,
				RECEIVED, now, now, null, List.of(stored.eventId()), stored.source(), stored.expiresAt(), null, null,
				List.of(), stored.scanEverySeconds());
	}

	/** What the status topic says of an integration whose first connect failed. */
	static Credential neverConnected(ConnectFailure failure, Instant now) {
		return new Credential(failure.integrationId(), failure.tenantId(), failure.provider(), failure.name(), 0,
				Map.of(), null, CredentialState.ERROR, failure.reason(), now, now, null, List.of(failure.eventId()),
				null, null);
	}

	/**
	 * The next version replaces the secret; it has not been verified yet, and nothing the
	 * scanner found about the one before holds for it. A submission without a scan period
	 * (a refresh above all) keeps the integration's.
	 */
	Credential withVersion(CredentialVersion stored, Instant now) {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, stored.version(),
				stored.publicFields(), stored.envelope(), CredentialState.PENDING_VERIFICATION, RECEIVED,
				this.createdAt, now, null, remember(stored.eventId()), stored.source(), stored.expiresAt(), null, null,
				List.of(), (stored.scanEverySeconds() != null) ? stored.scanEverySeconds() : this.scanEverySeconds);
	}

	/**
	 * A scan of the current version: {@code VALID} → {@code ACTIVE} (also back from
	 * {@code INVALID} or {@code ERROR}), {@code INVALID} → {@code INVALID}, {@code ERROR}
	 * → {@code ERROR}, each with the scan's reason. {@code REAUTH_REQUIRED} and
	 * {@code EXPIRED} stay: the collector found the grant gone, and an access token that
	 * still works until it expires does not bring it back (only connecting again does).
	 * Whatever the outcome, the check's time, the next one and the findings are kept.
	 */
	Credential withScan(ScanResult scan, Instant now) {
		CredentialState state;
		String reason;
		if (this.state == CredentialState.REAUTH_REQUIRED || this.state == CredentialState.EXPIRED) {
			state = this.state;
			reason = this.reason;
		}
		else {
			state = switch (scan.outcome()) {
				case VALID -> CredentialState.ACTIVE;
				case INVALID -> CredentialState.INVALID;
				case ERROR -> CredentialState.ERROR;
			};
			reason = switch (scan.outcome()) {
				case VALID -> scan.reasonOr(VERIFIED);
				case INVALID -> scan.reasonOr(REJECTED_BY_PLATFORM);
				case ERROR -> scan.reasonOr(SCAN_FAILED);
			};
		}
		Instant lastVerified = (scan.outcome() == ScanOutcome.VALID) ? scan.checkedAt() : this.lastVerifiedAt;
		boolean changed = state != this.state || !Objects.equals(reason, this.reason);
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, this.version,
				this.publicFields, this.envelope, state, reason, this.createdAt, changed ? now : this.updatedAt,
				lastVerified, remember(scan.eventId()), this.source, this.expiresAt, scan.checkedAt(),
				scan.nextCheckAt(), scan.findings(), this.scanEverySeconds);
	}

	/**
	 * Whether a scan of the current version was made before the latest one applied
	 * (delivered late, e.g. by another scanner instance): it says nothing new.
	 */
	boolean checkedAfter(Instant checkedAt) {
		return this.lastCheckedAt != null && checkedAt != null && checkedAt.isBefore(this.lastCheckedAt);
	}

	/**
	 * The tenant set its own scan period ({@code null}: back to the provider's default).
	 * Remembered like an event, so that a scan applied meanwhile cannot overwrite it.
	 */
	Credential withScanEvery(Long everySeconds, String changeId) {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, this.version,
				this.publicFields, this.envelope, this.state, this.reason, this.createdAt, this.updatedAt,
				this.lastVerifiedAt, remember(changeId), this.source, this.expiresAt, this.lastCheckedAt,
				this.nextCheckAt, this.findings, everySeconds);
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
				this.source, this.expiresAt, this.lastCheckedAt, this.nextCheckAt, this.findings,
				this.scanEverySeconds);
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
				remember(deletionId), this.source, null, this.lastCheckedAt, null, List.of(), this.scanEverySeconds);
	}

	Credential deletionCompleted() {
		return new Credential(this.integrationId, this.tenantId, this.provider, this.name, this.version,
				this.publicFields, null, CredentialState.DELETED, DELETION_COMPLETE, this.createdAt, this.updatedAt,
				this.lastVerifiedAt, this.recentEventIds, this.source, null, this.lastCheckedAt, null, List.of(),
				this.scanEverySeconds);
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

package dev.latchkey.status.integration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The latest known status of one integration. Never holds a secret: public fields are the
 * non-secret fields of the provider.
 *
 * @param occurredAt when the status changed, to order two statuses of the same version
 * @param lastCheckedAt when the scanner last checked the current version, any outcome
 * @param nextCheckAt when the scanner checks next, as it last said
 * @param findings of the latest scan of the current version
 * @param scanEverySeconds the integration's own scan period, {@code null} for the
 * provider's default
 */
record IntegrationStatus(String integrationId, String tenantId, String provider, String name, IntegrationState state,
		long version, Map<String, String> publicFields, Instant occurredAt, Instant createdAt, Instant updatedAt,
		Instant lastVerifiedAt, String reason, Instant lastCheckedAt, Instant nextCheckAt, List<Finding> findings,
		Long scanEverySeconds) {

	IntegrationStatus(String integrationId, String tenantId, String provider, String name, IntegrationState state,
			long version, Map<String, String> publicFields, Instant occurredAt, Instant createdAt, Instant updatedAt,
			Instant lastVerifiedAt, String reason) {
		this(integrationId, tenantId, provider, name, state, version, publicFields, occurredAt, createdAt, updatedAt,
				lastVerifiedAt, reason, null, null, List.of(), null);
	}

	IntegrationStatus {
		publicFields = Map.copyOf(publicFields);
		findings = (findings != null) ? List.copyOf(findings) : List.of();
	}

	boolean usable() {
		return this.state == IntegrationState.ACTIVE;
	}

	/**
	 * Whether this status is newer than {@code other}: a higher version, or the same
	 * version changed later. Equal statuses do not supersede each other, so replays are
	 * no-ops.
	 */
	boolean supersedes(IntegrationStatus other) {
		if (this.version != other.version) {
			return this.version > other.version;
		}
		return this.occurredAt.isAfter(other.occurredAt);
	}

}

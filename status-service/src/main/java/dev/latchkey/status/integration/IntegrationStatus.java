package dev.latchkey.status.integration;

import java.time.Instant;
import java.util.Map;

/**
 * The latest known status of one integration. Never holds a secret: public fields are the
 * non-secret fields of the provider.
 *
 * @param occurredAt when the status changed, to order two statuses of the same version
 */
record IntegrationStatus(String integrationId, String tenantId, String provider, String name, IntegrationState state,
		long version, Map<String, String> publicFields, Instant occurredAt, Instant createdAt, Instant updatedAt,
		Instant lastVerifiedAt, String reason) {

	IntegrationStatus {
		publicFields = Map.copyOf(publicFields);
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

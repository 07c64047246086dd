package dev.latchkey.vault.lease;

import java.time.Instant;
import java.util.UUID;

/**
 * One lease attempt as audited: who asked (authenticated or only claimed), for what
 * purpose, which integration and version, when, and whether it was granted. No secret.
 *
 * @param id the lease id when granted, else an id of its own
 * @param leaseId {@code null} when refused
 * @param purpose as asked; {@code null} when the request could not be read
 * @param tenantId as asked (for a refusal, possibly another tenant's or none)
 * @param version the version leased, or found when refused; {@code null} when none
 * @param reason why it was refused; {@code null} when granted
 */
record LeaseAudit(String id, String leaseId, String consumer, boolean authenticated, String purpose, String tenantId,
		String integrationId, Long version, Outcome outcome, String reason, Instant at) {

	static LeaseAudit granted(String consumer, String purpose, Lease lease, Instant at) {
		return new LeaseAudit(lease.leaseId(), lease.leaseId(), consumer, true, purpose, lease.tenantId(),
				lease.integrationId(), lease.version(), Outcome.GRANTED, null, at);
	}

	static LeaseAudit refused(String consumer, boolean authenticated, String purpose, String tenantId,
			String integrationId, Long version, String reason, Instant at) {
		return new LeaseAudit(UUID.randomUUID().toString(), null, consumer, authenticated, purpose, tenantId,
				integrationId, version, Outcome.REFUSED, reason, at);
	}

	enum Outcome {

		GRANTED, REFUSED

	}

}

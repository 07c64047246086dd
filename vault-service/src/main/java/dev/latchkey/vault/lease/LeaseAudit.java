package dev.latchkey.vault.lease;

import java.time.Instant;

/** One lease as audited: who got which version when. No secret. */
record LeaseAudit(String leaseId, String consumer, String tenantId, String integrationId, long version,
		Instant leasedAt) {

}

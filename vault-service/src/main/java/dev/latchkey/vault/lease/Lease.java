package dev.latchkey.vault.lease;

import java.util.Map;

/**
 * The current version of a credential, its secret sealed to one consumer under
 * {@code AssociatedData.forLease(consumer, tenantId, integrationId, version, leaseId)}.
 */
record Lease(String leaseId, String tenantId, String integrationId, String provider, String name, long version,
		Map<String, String> publicFields, byte[] sealedSecret) {

	Lease {
		publicFields = Map.copyOf(publicFields);
		sealedSecret = sealedSecret.clone();
	}

	@Override
	public byte[] sealedSecret() {
		return this.sealedSecret.clone();
	}

	@Override
	public String toString() {
		return "Lease[" + this.leaseId + ", integration " + this.integrationId + ", version " + this.version + "]";
	}

}

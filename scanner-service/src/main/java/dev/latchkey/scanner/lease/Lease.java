package dev.latchkey.scanner.lease;

import java.util.Map;

/**
 * The current version of one credential, leased by the vault to this scanner. The secret
 * fields are sealed to the scanner's lease key and bound to the lease.
 */
public record Lease(String leaseId, String tenantId, String integrationId, String provider, String name, long version,
		Map<String, String> publicFields, byte[] sealedSecret) {

	public Lease {
		publicFields = Map.copyOf(publicFields);
		sealedSecret = sealedSecret.clone();
	}

	@Override
	public byte[] sealedSecret() {
		return this.sealedSecret.clone();
	}

	@Override
	public String toString() {
		return "Lease[" + this.leaseId + " of " + this.integrationId + " v" + this.version + "]";
	}

}

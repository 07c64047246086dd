package dev.latchkey.vaultclient;

import java.util.Map;

/**
 * The current version of one credential as leased: the secret fields sealed to the
 * consumer's lease key and bound to this lease ({@link LeaseOpener} opens it).
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

package dev.latchkey.vault.crypto;

import dev.latchkey.crypto.AssociatedData;

/** Where an envelope belongs: one version of one tenant's integration. */
public record StoredVersion(String tenantId, String integrationId, long version) {

	AssociatedData associatedData() {
		return AssociatedData.forStoredVersion(this.tenantId, this.integrationId, this.version);
	}

	@Override
	public String toString() {
		return "tenant " + this.tenantId + ", integration " + this.integrationId + ", version " + this.version;
	}

}

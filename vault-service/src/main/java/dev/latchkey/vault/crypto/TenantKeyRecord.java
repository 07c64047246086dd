package dev.latchkey.vault.crypto;

import java.time.Instant;

/**
 * A tenant keyset as stored: encrypted by the root key, with the key ids needed to tell
 * which root key opens it.
 */
record TenantKeyRecord(String tenantId, byte[] encryptedKeyset, long rootKeyId, long tenantKeyId, Instant createdAt) {

	TenantKeyRecord {
		encryptedKeyset = encryptedKeyset.clone();
	}

	@Override
	public byte[] encryptedKeyset() {
		return this.encryptedKeyset.clone();
	}

	/** The keyset was destroyed when the tenant was offboarded. */
	boolean isDestroyed() {
		return this.encryptedKeyset.length == 0;
	}

	@Override
	public String toString() {
		return "TenantKeyRecord[tenant " + this.tenantId + ", root key " + this.rootKeyId + ", tenant key "
				+ this.tenantKeyId + "]";
	}

}

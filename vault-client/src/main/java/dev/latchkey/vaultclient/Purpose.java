package dev.latchkey.vaultclient;

/**
 * Why a consumer leases a credential. The vault grants a purpose only to the consumers it
 * registered for it, and records it in the tenant's access log.
 */
public enum Purpose {

	/** Verifying a new version at its platform (the scanner). */
	SCAN("scan"),

	/** Refreshing OAuth tokens before they expire (the collector). */
	REFRESH("refresh"),

	/**
	 * Revoking OAuth tokens at the platform when the tenant deletes them (the collector).
	 */
	REVOKE("revoke");

	private final String wire;

	Purpose(String wire) {
		this.wire = wire;
	}

	/** As sent to the vault. */
	public String wire() {
		return this.wire;
	}

}

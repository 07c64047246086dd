package dev.latchkey.vault.consumer;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a consumer may do through the internal API. Each registered consumer holds a set
 * of them (its scope); every request names or implies one, and the audit records it.
 */
public enum Purpose {

	/** Lease a credential to verify it at its platform (the scanner). */
	SCAN("scan", true),

	/** Lease OAuth tokens to refresh them (the collector). */
	REFRESH("refresh", true),

	/** Lease OAuth tokens to revoke them at the platform when deleted (the collector). */
	REVOKE("revoke", true),

	/**
	 * Read an integration's access log and scan history for its tenant (the collector).
	 */
	ACCESS_LOG("access-log", false),

	/**
	 * Look up, delete and set the scan period of a tenant's integration (the collector).
	 */
	MANAGE("manage", false),

	/**
	 * Rotate keys, offboard tenants, follow key operations (the operator's admin jar).
	 */
	OPERATE("operate", false);

	private final String wire;

	private final boolean leases;

	Purpose(String wire, boolean leases) {
		this.wire = wire;
		this.leases = leases;
	}

	/** As written in requests, configuration and the audit. */
	public String wire() {
		return this.wire;
	}

	/** Whether it hands out a secret (a lease), which the provider scope narrows. */
	public boolean leases() {
		return this.leases;
	}

	public static Optional<Purpose> fromWire(String wire) {
		return Arrays.stream(values()).filter((purpose) -> purpose.wire.equals(wire)).findFirst();
	}

}

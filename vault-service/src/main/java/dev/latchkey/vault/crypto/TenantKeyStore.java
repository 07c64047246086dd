package dev.latchkey.vault.crypto;

import reactor.core.publisher.Mono;

/** Where tenant keysets live, each encrypted by the root key. */
interface TenantKeyStore {

	Mono<TenantKeyRecord> find(String tenantId);

	/**
	 * Stores the candidate unless the tenant already has a key.
	 * @return the tenant's key as stored: the candidate, or the one that won a concurrent
	 * creation
	 */
	Mono<TenantKeyRecord> createOrGet(TenantKeyRecord candidate);

}

package dev.latchkey.vault.crypto;

import reactor.core.publisher.Flux;
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

	/**
	 * Replaces {@code current} with {@code next} unless it changed since it was read
	 * (compare-and-set on the root and tenant key ids).
	 * @return {@code false} when it changed
	 */
	Mono<Boolean> replace(TenantKeyRecord current, TenantKeyRecord next);

	/** Ids of tenants whose key is wrapped by another root key, in id order. */
	Flux<String> notWrappedBy(long rootKeyId, String afterTenantId, int limit);

	Mono<Long> countNotWrappedBy(long rootKeyId);

	/**
	 * Destroys the tenant's keyset: the record stays, without key material, so that the
	 * tenant is known to be offboarded and no new key is created for it.
	 * @return {@code true} when it destroyed it now
	 */
	Mono<Boolean> destroy(String tenantId, java.time.Instant at);

}

package dev.latchkey.vault.crypto;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Changing the keys: a new root or tenant key becomes primary, then what the old one
 * wrapped is wrapped again under it, one record at a time and compare-and-set, so that a
 * rewrap can stop anywhere and run again. Old keys are disabled only once nothing needs
 * them.
 */
public interface KeyRotation {

	/** Adds a new root key, makes it primary and stores the keyset. */
	long rotateRoot();

	long rootPrimaryKeyId();

	/** Adds a new key to the tenant's keyset and makes it primary. */
	Mono<Long> rotateTenant(String tenantId);

	/** The tenant's primary key id, read from the store (not a cached copy). */
	Mono<Long> tenantPrimaryKeyId(String tenantId);

	/** Tenants whose key is wrapped by another root key than {@code rootKeyId}. */
	Flux<String> tenantsNotWrappedBy(long rootKeyId, String afterTenantId, int limit);

	Mono<Long> countTenantsNotWrappedBy(long rootKeyId);

	/**
	 * Wraps the tenant's key under the root primary.
	 * @return {@code false} when it already was, or changed meanwhile (the next pass
	 * looks again)
	 */
	Mono<Boolean> rewrapTenantKey(String tenantId);

	/**
	 * The envelope with its data key wrapped under the tenant's primary key; the same
	 * envelope when it already is.
	 */
	Mono<Envelope> rewrap(StoredVersion where, Envelope envelope);

	/**
	 * Destroys the tenant's keyset (offboarding): nothing of the tenant can be opened any
	 * more, and no new key is made for it.
	 * @return {@code true} when destroyed now, {@code false} when it already was
	 */
	Mono<Boolean> destroyTenantKey(String tenantId);

	/** Disables every root key but the primary. */
	List<Long> disableOldRootKeys();

	/** Disables every key of the tenant's keyset but the primary. */
	Mono<List<Long>> disableOldTenantKeys(String tenantId);

	/** Key ids of the root keyset and their status, primary first. */
	List<KeyState> rootKeys();

	Mono<List<KeyState>> tenantKeys(String tenantId);

	/** A key of a keyset: its id, whether primary, and ENABLED / DISABLED. */
	record KeyState(long id, boolean primary, String status) {

	}

}

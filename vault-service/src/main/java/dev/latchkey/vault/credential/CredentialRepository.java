package dev.latchkey.vault.credential;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Credentials ({@code _id} = integration id) and their recorded versions ({@code _id} =
 * event id). Every write is idempotent or compare-and-set, because events arrive at least
 * once.
 */
interface CredentialRepository {

	Mono<Credential> find(String integrationId);

	Mono<CredentialVersion> findVersion(String eventId);

	/**
	 * @return {@code false} when a version was already recorded for this event
	 */
	Mono<Boolean> recordVersion(CredentialVersion version);

	/**
	 * @return {@code false} when the integration already has a credential
	 */
	Mono<Boolean> insert(Credential credential);

	/**
	 * Replaces {@code current} with {@code next} unless it changed since it was read.
	 * @return {@code false} when it changed
	 */
	Mono<Boolean> replace(Credential current, Credential next);

	/**
	 * Credentials in {@code PENDING_VERIFICATION} last updated before
	 * {@code updatedBefore}, in sweep order ({@code updatedAt}, then integration id),
	 * after {@code after}.
	 * @param limit at most this many
	 */
	Flux<Credential> findPending(Instant updatedBefore, SweepPosition after, int limit);

	/**
	 * Destroys the data key of every version of the integration up to {@code version}
	 * (crypto-shredding: the ciphertext stays and can no longer be opened by any key).
	 * Idempotent.
	 * @return how many versions lost their data key now
	 */
	Mono<Long> shredVersions(String integrationId, long upToVersion, Instant at);

	/** Deleted credentials whose deletion has not completed, updated before the time. */
	Flux<Credential> findUnfinishedDeletions(Instant updatedBefore, int limit);

	/**
	 * Records what happened to a deletion once: when, up to which version, and the
	 * outcome of revoking the token at the platform.
	 */
	Mono<Void> recordDeletion(Credential deleted, String revocation);

	/** Ids of the tenant's integrations whose deletion has not completed, in id order. */
	Flux<String> undeletedOf(String tenantId, String afterId, int limit);

}

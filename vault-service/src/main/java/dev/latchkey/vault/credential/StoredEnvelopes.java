package dev.latchkey.vault.credential;

import java.util.List;

import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.StoredVersion;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every envelope at rest, for rewrapping under a new tenant key: the versions and the
 * current credential of each integration (which repeats its current version's envelope).
 */
public interface StoredEnvelopes {

	/** The collections holding envelopes, in rewrap order. */
	List<String> COLLECTIONS = List.of(MongoCredentialRepository.VERSIONS, MongoCredentialRepository.CREDENTIALS);

	/**
	 * The tenant's envelopes in {@code collection} whose data key is wrapped by another
	 * tenant key than {@code tenantKeyId}, in id order after {@code afterId}; destroyed
	 * data keys are not listed.
	 */
	Flux<Entry> notUnder(String collection, String tenantId, long tenantKeyId, String afterId, int limit);

	/** How many of the tenant's envelopes are not under {@code tenantKeyId}. */
	Mono<Long> countNotUnder(String tenantId, long tenantKeyId);

	/**
	 * Stores the rewrapped envelope unless the record changed since it was read
	 * (compare-and-set on its version and wrapped data key).
	 * @return {@code false} when it changed
	 */
	Mono<Boolean> replace(Entry entry, Envelope next);

	/** One envelope where it is stored. */
	record Entry(String collection, String id, StoredVersion where, Envelope envelope) {

	}

}

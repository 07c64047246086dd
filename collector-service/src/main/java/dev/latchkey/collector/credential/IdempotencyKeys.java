package dev.latchkey.collector.credential;

import reactor.core.publisher.Mono;

/**
 * Where idempotency records are kept: atomic primitives only, the rules are the
 * service's.
 */
interface IdempotencyKeys {

	/** Inserts a record; {@code false} when one with its id exists already. */
	Mono<Boolean> create(IdempotencyRecord created);

	/** The record with this id, expired or not; empty when there is none. */
	Mono<IdempotencyRecord> find(String id);

	/**
	 * Replaces the record with the same id if it is still at {@code expectedVersion}
	 * (compare-and-set).
	 * @return whether it was replaced
	 */
	Mono<Boolean> replace(IdempotencyRecord replacement, long expectedVersion);

}

package dev.latchkey.collector.oauth.connect;

import reactor.core.publisher.Mono;

/** Server-side state of connects in progress. */
interface PendingConnects {

	Mono<Void> save(PendingConnect pending);

	/**
	 * Removes and returns the connect with this state hash, but only when it was started
	 * for {@code provider} in the browser whose key hashes to {@code browserHash}; empty
	 * (and the connect left as it is) otherwise.
	 */
	Mono<PendingConnect> take(String stateHash, String provider, String browserHash);

	/** The connect with this state hash, left in place; empty when there is none. */
	Mono<PendingConnect> find(String stateHash);

}

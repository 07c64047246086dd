package dev.latchkey.collector.oauth;

import reactor.core.publisher.Mono;

/** Server-side state of connects in progress. */
interface PendingConnects {

	Mono<Void> save(PendingConnect pending);

	/** Removes and returns the connect with this state hash; empty when there is none. */
	Mono<PendingConnect> take(String stateHash);

}

package dev.latchkey.vault.credential;

import reactor.core.publisher.Mono;

/** Tells everyone an integration's current state; completes once the broker has it. */
interface StatusPublisher {

	Mono<Void> publish(Credential credential);

	/**
	 * Publishes a tombstone for the integration: the status view forgets it, the scanner
	 * and the refresher stop.
	 */
	Mono<Void> remove(Credential credential);

}

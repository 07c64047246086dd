package dev.latchkey.vault.credential;

import reactor.core.publisher.Mono;

/** Tells everyone an integration's current state; completes once the broker has it. */
interface StatusPublisher {

	Mono<Void> publish(Credential credential);

}

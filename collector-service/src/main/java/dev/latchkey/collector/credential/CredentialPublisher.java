package dev.latchkey.collector.credential;

import reactor.core.publisher.Mono;

/**
 * Where received credentials go: completes once the broker has acknowledged the event.
 */
public interface CredentialPublisher {

	Mono<Void> publish(SealedCredential credential);

}

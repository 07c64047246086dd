package dev.latchkey.vault.credential;

import reactor.core.publisher.Mono;

/** Reads the current credential of an integration. */
public interface CurrentCredentials {

	Mono<Credential> find(String integrationId);

}

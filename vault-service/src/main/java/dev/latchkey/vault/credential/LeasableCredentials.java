package dev.latchkey.vault.credential;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** The current credentials that can be leased: a deleted integration has none. */
@Component
class LeasableCredentials implements CurrentCredentials {

	private final CredentialRepository credentials;

	LeasableCredentials(CredentialRepository credentials) {
		this.credentials = credentials;
	}

	@Override
	public Mono<Credential> find(String integrationId) {
		return this.credentials.find(integrationId).filter((credential) -> !credential.isDeleted());
	}

}

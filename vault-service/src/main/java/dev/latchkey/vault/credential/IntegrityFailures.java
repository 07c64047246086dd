package dev.latchkey.vault.credential;

import reactor.core.publisher.Mono;

/**
 * A stored credential that fails authentication when opened (a flipped byte, an envelope
 * of another record, a version rolled back, an edited public field) is a state, not a
 * retry: the integration turns {@code ERROR} with reason {@code INTEGRITY_FAILURE}.
 */
public interface IntegrityFailures {

	/**
	 * Marks the credential's current version as failed, once.
	 * @param credential as read before it failed to open
	 */
	Mono<Void> record(Credential credential);

}

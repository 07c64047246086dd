package dev.latchkey.vault.crypto;

import dev.latchkey.crypto.SecretFields;
import reactor.core.publisher.Mono;

/**
 * Envelope encryption at rest: a root key wraps one key per tenant, a tenant key wraps a
 * fresh data key per credential version, and the data key encrypts the secret. Both the
 * wrapped data key and the secret are bound to (tenant, integration, version), so an
 * envelope copied to another record does not decrypt.
 */
public interface KeyHierarchy {

	Mono<Envelope> encrypt(StoredVersion where, SecretFields secret);

	/**
	 * Decrypts an envelope stored for {@code where}.
	 * @return the secret, or an error with {@link dev.latchkey.crypto.SealingException}
	 * when the envelope belongs elsewhere or was altered
	 */
	Mono<SecretFields> decrypt(StoredVersion where, Envelope envelope);

}

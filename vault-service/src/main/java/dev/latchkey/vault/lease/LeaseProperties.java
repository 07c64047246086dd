package dev.latchkey.vault.lease;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consumers that may lease credentials, by name. Only their public keys are held
 * here: a lease is sealed to the consumer and only it can open it.
 *
 * @param consumers e.g. {@code latchkey.vault.lease.consumers.scanner.public-keyset-file}
 * ({@code LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_PUBLIC_KEYSET_FILE})
 */
@ConfigurationProperties("latchkey.vault.lease")
record LeaseProperties(@DefaultValue Map<String, Consumer> consumers) {

	/**
	 * @param publicKeysetFile the consumer's HPKE public keyset
	 * @param publicKeyset the same inline (JSON or base64 of JSON)
	 */
	record Consumer(Path publicKeysetFile, String publicKeyset) {

	}

}

package dev.latchkey.vault.consumer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.latchkey.catalogue.AuthMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consumers of the internal API, by name (under {@code latchkey.vault.lease}, where
 * lease consumers were always registered). Only public keys are held here.
 *
 * @param consumers e.g. {@code latchkey.vault.lease.consumers.scanner.verify-keyset-file}
 * ({@code LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_VERIFY_KEYSET_FILE})
 * @param maxClockSkew how far a request's signed timestamp may be from the vault's clock
 */
@ConfigurationProperties("latchkey.vault.lease")
record ConsumerProperties(@DefaultValue Map<String, Consumer> consumers, @DefaultValue("60s") Duration maxClockSkew) {

	/**
	 * @param verifyKeysetFile the consumer's public signature keyset: without it (or the
	 * inline form) the consumer is not registered
	 * @param verifyKeyset the same inline (JSON or base64 of JSON)
	 * @param publicKeysetFile the consumer's HPKE public keyset, which leases are sealed
	 * to; required when a purpose leases
	 * @param publicKeyset the same inline
	 * @param purposes what it may do: {@code scan}, {@code refresh}, {@code access-log}
	 * @param providers the only providers whose credentials it may lease (empty: any)
	 * @param authModes the only catalogue auth modes whose credentials it may lease
	 * (empty: any), e.g. {@code OAUTH2}
	 */
	record Consumer(Path verifyKeysetFile, String verifyKeyset, Path publicKeysetFile, String publicKeyset,
			Set<String> purposes, Set<String> providers, Set<AuthMode> authModes) {

		Consumer {
			purposes = (purposes != null) ? purposes : Set.of();
			providers = (providers != null) ? providers : Set.of();
			authModes = (authModes != null) ? authModes : Set.of();
		}

		boolean hasVerifyKeyset() {
			return this.verifyKeysetFile != null || (this.verifyKeyset != null && !this.verifyKeyset.isBlank());
		}

		boolean hasPublicKeyset() {
			return this.publicKeysetFile != null || (this.publicKeyset != null && !this.publicKeyset.isBlank());
		}

	}

}

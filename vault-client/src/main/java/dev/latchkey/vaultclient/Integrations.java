package dev.latchkey.vaultclient;

import reactor.core.publisher.Mono;

/**
 * A tenant's integration in the vault (purpose {@code manage}). Another tenant's, a
 * deleted and an unknown one fail alike with {@link VaultRefusedException} (404).
 */
public interface Integrations {

	Mono<IntegrationSummary> find(String tenantId, String integrationId);

	/**
	 * Crypto-shreds the integration (every version's data key destroyed) and tombstones
	 * its status; again for a deleted one completes too.
	 * @param revocation what revoking the token at the platform did: {@code REVOKED},
	 * {@code FAILED}, {@code NOT_APPLICABLE}…
	 */
	Mono<Void> delete(String tenantId, String integrationId, String revocation);

	/** What the vault says of an integration: no secret, no key ids. */
	record IntegrationSummary(String integrationId, String provider, String name, long version, String state) {

	}

}

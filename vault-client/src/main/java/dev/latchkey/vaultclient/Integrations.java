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

	/**
	 * Sets the integration's own scan period; the vault publishes its status with it, and
	 * the scanner plans from that.
	 * @param everySeconds the period, or {@code null} for the provider's default
	 */
	Mono<Void> schedule(String tenantId, String integrationId, Long everySeconds);

	/** What the vault says of an integration: no secret, no key ids. */
	record IntegrationSummary(String integrationId, String provider, String name, long version, String state) {

	}

}

package dev.latchkey.vaultclient;

import reactor.core.publisher.Mono;

/**
 * Leases an integration's current credential, sealed to this consumer's own key and
 * audited by the vault. Fails with {@link VaultRefusedException} when the vault refuses
 * (an unknown integration, another tenant's, or one outside this consumer's scope: the
 * vault answers all of them alike), with {@link VaultUnavailableException} when asking
 * again later may help.
 */
@FunctionalInterface
public interface Leases {

	Mono<Lease> lease(String tenantId, String integrationId, Purpose purpose);

}

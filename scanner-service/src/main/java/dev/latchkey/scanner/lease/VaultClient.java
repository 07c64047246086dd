package dev.latchkey.scanner.lease;

import reactor.core.publisher.Mono;

/**
 * Leases credentials from the vault. Fails with {@link LeaseRefusedException} when the
 * vault refuses for good (unknown consumer or integration), with
 * {@link VaultUnavailableException} when asking again later may help.
 */
public interface VaultClient {

	Mono<Lease> lease(String tenantId, String integrationId);

}

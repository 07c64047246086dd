package dev.latchkey.collector.oauth.refresh;

import reactor.core.publisher.Mono;

/** Leases from the vault, sealed to the collector's own registered key (and audited). */
interface VaultLeases {

	/**
	 * Fails with {@link TokenRequestFailedException} ({@code PLATFORM_UNAVAILABLE}) when
	 * the vault cannot answer.
	 */
	Mono<LeasedTokens> lease(String tenantId, String integrationId);

}

package dev.latchkey.collector.oauth.refresh;

import reactor.core.publisher.Mono;

/**
 * Tells the vault that an integration's tokens can no longer be refreshed, so that it
 * moves the integration to {@code REAUTH_REQUIRED} or {@code EXPIRED}.
 */
interface RefreshFailure {

	Mono<Void> publish(Expiry expiry, String state, String reason);

}

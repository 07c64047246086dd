package dev.latchkey.websecurity;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * A {@code GET} of one exact path that a service answers for an authenticated tenant
 * before Spring Security's filter chain and the dispatcher run: for routes polled far
 * more often than anything else changes (the status service's polls). Only the plain case
 * takes this path — a bearer token that verifies (the same decoder and rules as the
 * chain), no query, no {@code Origin}; everything else, refusals included, goes through
 * the chain as before, so every refusal is still the chain's.
 */
public interface FastTenantRoute {

	/** The exact request path, e.g. {@code /api/integrations/status}. */
	String path();

	/**
	 * Whether the route can answer now; when not, the request takes the ordinary path
	 * (whose controller answers the reason, e.g. a 503 problem while catching up).
	 */
	boolean ready();

	/** Writes the answer for the tenant of the verified token. */
	Mono<Void> answer(TenantId tenant, ServerWebExchange exchange);

}

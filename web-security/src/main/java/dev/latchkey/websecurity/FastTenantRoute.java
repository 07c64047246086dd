package dev.latchkey.websecurity;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A {@code GET} of one exact path that a service answers for an authenticated tenant
 * right behind the HTTP codec, before WebFlux, Spring Security's filter chain and the
 * dispatcher: for routes polled far more often than anything else changes (the status
 * service's polls). Only the plain case takes this path — HTTP/1.1 without TLS, a bearer
 * token that verifies (the same decoder, cache and rules as the chain), no query, no
 * {@code Origin}, no body; everything else, refusals included, goes through the chain as
 * before, so every refusal is still the chain's. The route itself may leave a request to
 * the chain too, by answering {@code null}.
 */
public interface FastTenantRoute {

	/** The exact request path, e.g. {@code /api/integrations/status}. */
	String path();

	/**
	 * Whether the route can answer now; when not, the request takes the ordinary path
	 * (whose controller answers the reason, e.g. a 503 problem while catching up).
	 */
	boolean ready();

	/**
	 * The answer for the tenant of the verified token, exactly as the chain would give
	 * it; {@code null} leaves the request to the chain (a header the route does not
	 * handle itself, say). Called on the server's event loop: it must not block, and
	 * should hand out answers made once rather than build them per request.
	 * @param headers the request's headers, by name
	 */
	@Nullable FastAnswer answer(TenantId tenant, RequestHeaders headers);

	/** The headers of the request being answered. */
	@FunctionalInterface
	interface RequestHeaders {

		/** Every value of the header {@code name}, in order; empty when absent. */
		List<String> all(String name);

	}

}

package dev.latchkey.websecurity;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Answers {@link FastTenantRoute}s ahead of Spring Security's chain: the token is
 * verified by the same {@link ReactiveJwtDecoder} (with its cache), the tenant read from
 * the same claim, and the answer carries the chain's {@link SecurityHeaders}. A request
 * that is not the plain case, or whose token does not verify, continues down the ordinary
 * chain unchanged.
 */
final class FastTenantRoutes implements WebFilter {

	/** Just before Spring Security's {@code WebFilterChainProxy} (-100). */
	static final int ORDER = -101;

	private static final String BEARER = "Bearer ";

	private final Map<String, FastTenantRoute> routes;

	private final ReactiveJwtDecoder decoder;

	private final String tenantClaim;

	FastTenantRoutes(List<FastTenantRoute> routes, ReactiveJwtDecoder decoder, String tenantClaim) {
		this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(FastTenantRoute::path, Function.identity()));
		this.decoder = decoder;
		this.tenantClaim = tenantClaim;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		FastTenantRoute route = this.routes.get(request.getURI().getRawPath());
		String token = (route != null && route.ready()) ? plainBearerToken(request) : null;
		if (token == null) {
			return chain.filter(exchange);
		}
		return this.decoder.decode(token)
			.map((jwt) -> jwt.getClaimAsString(this.tenantClaim))
			.filter(TenantId::isValid)
			.map(TenantId::new)
			// Any refusal is the chain's to answer, in its words.
			.onErrorResume((ex) -> Mono.empty())
			.flatMap((tenant) -> answer(route, tenant, exchange).thenReturn(true))
			.switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(false)))
			.then();
	}

	private static Mono<Void> answer(FastTenantRoute route, TenantId tenant, ServerWebExchange exchange) {
		// As the chain's HttpHeaderWriterWebFilter does: written as the answer commits.
		exchange.getResponse().beforeCommit(() -> SecurityHeaders.WRITER.writeHttpHeaders(exchange));
		// Metrics and traces name the route as they would after the dispatcher.
		exchange.getAttributes()
			.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, PathPatternParser.defaultInstance.parse(route.path()));
		return route.answer(tenant, exchange);
	}

	/**
	 * The token of a plain {@code GET}: no query, no CORS, one {@code Authorization}
	 * header with a bearer token; {@code null} otherwise.
	 */
	private static String plainBearerToken(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.GET || request.getURI().getRawQuery() != null) {
			return null;
		}
		HttpHeaders headers = request.getHeaders();
		if (headers.containsHeader(HttpHeaders.ORIGIN)) {
			return null;
		}
		List<String> authorization = headers.get(HttpHeaders.AUTHORIZATION);
		if (authorization == null || authorization.size() != 1) {
			return null;
		}
		String value = authorization.get(0);
		if (!value.startsWith(BEARER) || value.length() == BEARER.length()) {
			return null;
		}
		return value.substring(BEARER.length());
	}

}

package dev.latchkey.websecurity;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Supplies {@link TenantId} parameters from the authenticated bearer token. */
class TenantIdArgumentResolver implements HandlerMethodArgumentResolver {

	private final String tenantClaim;

	TenantIdArgumentResolver(String tenantClaim) {
		this.tenantClaim = tenantClaim;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == TenantId.class;
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull((context) -> context.getAuthentication())
			.mapNotNull((authentication) -> authentication.getPrincipal())
			.ofType(Jwt.class)
			.map((jwt) -> (Object) new TenantId(jwt.getClaimAsString(this.tenantClaim)))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("No authenticated tenant")));
	}

}

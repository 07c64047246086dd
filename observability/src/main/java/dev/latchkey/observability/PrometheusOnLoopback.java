package dev.latchkey.observability;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * While actuator shares the service's port (no {@code management.server.port}), the
 * scrape endpoint answers local callers only: the embedded default and a sidecar scrape
 * it; anything reaching the public port from elsewhere gets 404, as if there were none.
 * Production sets a management port, which the platform keeps off the public network.
 */
final class PrometheusOnLoopback implements WebFilter {

	static final String PATH = "/actuator/prometheus";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.equals(PATH) && !path.startsWith(PATH + "/") || isLoopback(exchange)) {
			return chain.filter(exchange);
		}
		exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
		return exchange.getResponse().setComplete();
	}

	private static boolean isLoopback(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
	}

}

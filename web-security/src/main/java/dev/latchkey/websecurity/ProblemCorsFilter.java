package dev.latchkey.websecurity;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Spring's {@code CorsWebFilter}, but a refused cross-origin request gets a 403 problem
 * instead of an empty body.
 */
final class ProblemCorsFilter implements WebFilter {

	/**
	 * What {@link DefaultCorsProcessor} adds to every answer on a path with a CORS
	 * configuration, cross-origin or not; {@link FastAnswer}s carry it there too.
	 */
	static final List<String> VARY = List.of(HttpHeaders.ORIGIN, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD,
			HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);

	private final CorsConfigurationSource source;

	private final CorsProcessor processor = new DefaultCorsProcessor();

	ProblemCorsFilter(CorsConfigurationSource source) {
		this.source = source;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		CorsConfiguration config = this.source.getCorsConfiguration(exchange);
		if (config == null) {
			return chain.filter(exchange);
		}
		if (!this.processor.process(config, exchange)) {
			return ProblemResponses.write(exchange, HttpStatus.FORBIDDEN,
					"Cross-origin request refused: this origin, method or request header is not allowed");
		}
		return CorsUtils.isPreFlightRequest(request) ? Mono.empty() : chain.filter(exchange);
	}

}

package dev.latchkey.websecurity;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * An {@code Accept} header that is no list of media types ({@code garbage/},
 * {@code *}{@code /*;q=x}) is a bad request. Left to the handlers, it fails the content
 * negotiation of whatever answer comes, the error answer included, which then goes out
 * with an empty body.
 */
final class MalformedAcceptFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		List<String> accept = exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT);
		if (accept != null) {
			try {
				MediaType.parseMediaTypes(accept);
			}
			catch (IllegalArgumentException ex) {
				// InvalidMediaTypeException, or a list that does not split.
				return ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST,
						"The Accept header is not a list of media types");
			}
		}
		return chain.filter(exchange);
	}

}

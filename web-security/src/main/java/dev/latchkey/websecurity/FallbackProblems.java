package dev.latchkey.websecurity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The last word on an error no controller advice answered (one raised in a filter, or
 * past the dispatcher): a problem with the error's status and a fixed detail, never the
 * exception's message, which may quote the request. Runs before Spring Boot's handler,
 * which would answer JSON error attributes instead of problem+json.
 */
final class FallbackProblems implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(FallbackProblems.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		if (ex instanceof ServerExchangeRejectedException rejected) {
			return ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, FirewallRejections.detailOf(rejected));
		}
		HttpStatus status = null;
		if (ex instanceof ErrorResponse response) {
			status = HttpStatus.resolve(response.getStatusCode().value());
			exchange.getResponse().getHeaders().addAll(response.getHeaders());
		}
		if (status == null) {
			// The type only: a message might quote something the client sent.
			log.error("Unexpected {} while handling a request", ex.getClass().getName());
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		return ProblemResponses.write(exchange, status, status.is5xxServerError() ? "The request could not be processed"
				: "The request was refused: " + status.getReasonPhrase());
	}

}

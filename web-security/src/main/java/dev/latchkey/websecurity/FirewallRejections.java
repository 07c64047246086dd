package dev.latchkey.websecurity;

import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Requests Spring Security's firewall refuses (an encoded {@code /}, {@code .},
 * {@code %}, {@code ;}, {@code \}, NUL, CR or LF in the URL, {@code //}, a path that is
 * not normalised, a method such as TRACE, a header or parameter with control characters)
 * get a 400 problem like every other refusal. The detail names the kind of refusal only:
 * the firewall's message can quote a header value.
 */
final class FirewallRejections implements ServerExchangeRejectedHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.empty();
		}
		return ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, detailOf(ex));
	}

	static String detailOf(ServerExchangeRejectedException ex) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		if (message.contains("http method")) {
			return "The request was refused: this HTTP method is not allowed";
		}
		if (message.contains("potentially malicious")) {
			return "The request was refused: the URL holds an encoded '/', '.', '%', ';' or '\\', a NUL, CR or LF,"
					+ " or '//'";
		}
		if (message.contains("normalized")) {
			return "The request was refused: the URL is not normalised ('.', '..' or empty path segments)";
		}
		if (message.contains("header")) {
			return "The request was refused: a header name or value holds characters that are not allowed";
		}
		if (message.contains("parameter")) {
			return "The request was refused: a query parameter holds characters that are not allowed";
		}
		if (message.contains("host")) {
			return "The request was refused: this host name is not served here";
		}
		return "The request was refused by the firewall";
	}

}

package dev.latchkey.vault.consumer;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The one answer to every refusal of the internal API: a request that is not
 * authenticated, a purpose or provider outside the consumer's scope, an unknown
 * integration and another tenant's all get these same bytes, so no caller learns whether
 * an integration exists. The vault's log and audit say which it was.
 */
public final class InternalApiRefusal {

	public static final HttpStatus STATUS = HttpStatus.NOT_FOUND;

	private static final byte[] BODY = ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
			+ "\"detail\":\"No such integration for this consumer, or not within its scope\",\"code\":\"NOT_FOUND\"}")
		.getBytes(StandardCharsets.UTF_8);

	private InternalApiRefusal() {
	}

	/** For handlers. */
	public static ResponseEntity<byte[]> response() {
		return ResponseEntity.status(STATUS).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(BODY.clone());
	}

	/** For the authentication filter, before any handler. */
	static Mono<Void> write(ServerHttpResponse response) {
		response.setStatusCode(STATUS);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(BODY.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(BODY.clone())));
	}

}

package dev.latchkey.collector.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Turns framework errors into problem+json with fixed details. Spring's own details can
 * quote the request (a JSON parser error repeats the token it choked on, which may be a
 * pasted secret), so none of them is passed on.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ProblemAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler({ ContentTooLargeException.class, DataBufferLimitException.class })
	ResponseEntity<ProblemDetail> tooLarge(Exception ex, ServerWebExchange exchange) {
		Long maxBytes = exchange.getAttribute(BodySizeLimit.MAX_BYTES_ATTRIBUTE);
		return Problems.BODY_TOO_LARGE.response(BodySizeLimit.tooLargeDetail(maxBytes));
	}

	@ExceptionHandler(UnsupportedMediaTypeStatusException.class)
	ResponseEntity<ProblemDetail> unsupportedMediaType(UnsupportedMediaTypeStatusException ex) {
		return Problems.UNSUPPORTED_MEDIA_TYPE.response("Send the body as " + MediaType.APPLICATION_JSON_VALUE);
	}

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<ProblemDetail> malformed(ServerWebInputException ex) {
		return Problems.MALFORMED_REQUEST
			.response("The body must be a JSON object {\"name\": optional string, \"fields\": {field name: string}}"
					+ " without other properties");
	}

	@ExceptionHandler({ ResponseStatusException.class, ErrorResponseException.class })
	ResponseEntity<ProblemDetail> other(Exception ex) {
		HttpStatus status = HttpStatus.resolve(((ErrorResponse) ex).getStatusCode().value());
		HttpStatus effective = (status != null) ? status : HttpStatus.BAD_REQUEST;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(effective,
				"The request was refused: " + effective.getReasonPhrase());
		problem.setTitle(effective.getReasonPhrase());
		return ResponseEntity.status(effective).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		// The type only: a message might quote something the client sent.
		log.error("Unexpected {} while handling a request", ex.getClass().getName());
		return Problems.INTERNAL.response("The request could not be processed");
	}

}

package dev.latchkey.websecurity;

import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Spring's own refusals (404, 405, 406, 415, 400 on an unreadable body...) as
 * problem+json whatever the caller accepts: left to content negotiation, a caller
 * accepting only {@code text/event-stream} gets the problem as a server-sent event. Runs
 * after a service's own advices (which answer with their own details) and before Spring
 * Boot's problem-details handler.
 */
@RestControllerAdvice
@Order(-1)
class ProblemContentType {

	@ExceptionHandler(ErrorResponseException.class)
	ResponseEntity<ProblemDetail> refused(ErrorResponseException ex) {
		return ResponseEntity.status(ex.getStatusCode())
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ex.getBody());
	}

}

package dev.latchkey.status.integration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The tenant already has as many open status streams as one tenant may. */
class TooManySubscribersException extends ErrorResponseException {

	TooManySubscribersException(int limit) {
		super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"this tenant already has " + limit + " open status streams; close one or poll instead"), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

}

package dev.latchkey.status.integration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The view is still replaying the status topic: come back shortly. */
class CatchingUpException extends ErrorResponseException {

	CatchingUpException() {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "status view is catching up"), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}

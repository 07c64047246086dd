package dev.latchkey.collector.credential;

import dev.latchkey.collector.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Rejected and failed submissions as problem+json; no detail quotes a submitted value.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CredentialProblems {

	private static final String RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler(UnknownProviderException.class)
	ResponseEntity<ProblemDetail> unknownProvider(UnknownProviderException ex) {
		return Problems.UNKNOWN_PROVIDER.response("No such provider in the catalogue; GET /api/providers lists them");
	}

	@ExceptionHandler(InvalidSubmissionException.class)
	ResponseEntity<ProblemDetail> invalid(InvalidSubmissionException ex) {
		ResponseEntity<ProblemDetail> response = Problems.INVALID_CREDENTIAL.response(String.join("; ", ex.problems()));
		response.getBody().setProperty("problems", ex.problems());
		return response;
	}

	@ExceptionHandler(PublishFailedException.class)
	ResponseEntity<ProblemDetail> unavailable(PublishFailedException ex) {
		return ResponseEntity.status(Problems.UNAVAILABLE.status())
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.UNAVAILABLE.detail("The credential could not be accepted right now; submit it again"));
	}

}

package dev.latchkey.collector.limit;

import dev.latchkey.collector.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals of the limits as problem+json; a rate refusal says when to try again. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LimitProblems {

	private static final long RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

	@ExceptionHandler(RateLimitedException.class)
	ResponseEntity<ProblemDetail> rateLimited(RateLimitedException ex) {
		long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
		ProblemDetail problem = Problems.RATE_LIMITED
			.detail(ex.getMessage() + "; nothing was accepted, send it again after Retry-After (" + seconds + " s)");
		return ResponseEntity.status(Problems.RATE_LIMITED.status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	@ExceptionHandler(IntegrationLimitReachedException.class)
	ResponseEntity<ProblemDetail> limitReached(IntegrationLimitReachedException ex) {
		return Problems.INTEGRATION_LIMIT_REACHED.response("This tenant has " + ex.limit()
				+ " integrations, the most allowed; remove one before adding another (submitting an existing one"
				+ " again is fine)");
	}

	@ExceptionHandler(LimitsUnavailableException.class)
	ResponseEntity<ProblemDetail> unavailable(LimitsUnavailableException ex) {
		return ResponseEntity.status(Problems.UNAVAILABLE.status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_UNAVAILABLE_SECONDS))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.UNAVAILABLE.detail("Nothing was accepted; submit it again"));
	}

}

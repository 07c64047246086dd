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
 * Rejected and failed submissions as problem+json; no detail quotes a submitted value (an
 * idempotency key the client sent included).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CredentialProblems {

	private static final long RETRY_AFTER_SECONDS = 5;

	/** The problem property carrying a key the collector generated. */
	static final String IDEMPOTENCY_KEY_PROPERTY = "idempotencyKey";

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

	@ExceptionHandler(InvalidIdempotencyKeyException.class)
	ResponseEntity<ProblemDetail> invalidKey(InvalidIdempotencyKeyException ex) {
		return Problems.INVALID_IDEMPOTENCY_KEY.response(ex.getMessage() + ": send one header of 1 to "
				+ IdempotencyKey.MAX_LENGTH + " printable ASCII characters, bare or as a quoted string");
	}

	@ExceptionHandler(IdempotencyKeyReusedException.class)
	ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException ex) {
		return Problems.IDEMPOTENCY_KEY_REUSED
			.response("This Idempotency-Key was used for a different submission; use a new key for a new submission");
	}

	@ExceptionHandler(IdempotencyKeyInUseException.class)
	ResponseEntity<ProblemDetail> keyInUse(IdempotencyKeyInUseException ex) {
		long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
		return ResponseEntity.status(Problems.IDEMPOTENCY_KEY_IN_USE.status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.IDEMPOTENCY_KEY_IN_USE.detail(
					"A request with this Idempotency-Key is still being processed; send it again after Retry-After"));
	}

	@ExceptionHandler(IdempotencyUnavailableException.class)
	ResponseEntity<ProblemDetail> keysUnavailable(IdempotencyUnavailableException ex) {
		return unavailable("Nothing was published; submit it again with the same Idempotency-Key");
	}

	@ExceptionHandler(PublishFailedException.class)
	ResponseEntity<ProblemDetail> unavailable(PublishFailedException ex) {
		return switch (ex.retry()) {
			case WITH_SAME_KEY -> unavailable("The credential could not be accepted right now; submit it again with"
					+ " the same Idempotency-Key, so that it is stored at most once");
			case WITH_GENERATED_KEY -> withGeneratedKey(ex.generatedKey());
			case WITHOUT_KEY -> unavailable("The credential could not be accepted right now; submit it again");
		};
	}

	/**
	 * The event may still arrive late: a retry with the key reserved for it is the same
	 * event, and the vault keeps one version.
	 */
	private static ResponseEntity<ProblemDetail> withGeneratedKey(IdempotencyKey key) {
		ProblemDetail problem = Problems.UNAVAILABLE
			.detail("The credential could not be accepted right now and may still arrive; submit it again with"
					+ " the Idempotency-Key header of this answer (also in idempotencyKey), so that it is stored"
					+ " at most once");
		problem.setProperty(IDEMPOTENCY_KEY_PROPERTY, key.value());
		return ResponseEntity.status(Problems.UNAVAILABLE.status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
			.header(IdempotencyKey.HEADER, key.headerValue())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static ResponseEntity<ProblemDetail> unavailable(String detail) {
		return ResponseEntity.status(Problems.UNAVAILABLE.status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.UNAVAILABLE.detail(detail));
	}

}

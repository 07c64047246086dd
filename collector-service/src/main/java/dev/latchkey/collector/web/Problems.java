package dev.latchkey.collector.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 answers of the collector. Details are written here from fixed text and the
 * catalogue's messages, never from what the client sent, so no submitted value (secret or
 * not) comes back in an error.
 */
public enum Problems {

	INVALID_CREDENTIAL(HttpStatus.BAD_REQUEST, "invalid-credential", "Invalid credential"),

	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request"),

	UNKNOWN_PROVIDER(HttpStatus.NOT_FOUND, "unknown-provider", "Unknown provider"),

	UNKNOWN_INTEGRATION(HttpStatus.NOT_FOUND, "unknown-integration", "Unknown integration"),

	INVALID_ACCESS_LOG_REQUEST(HttpStatus.BAD_REQUEST, "invalid-access-log-request", "Invalid access log request"),

	INVALID_SCHEDULE(HttpStatus.BAD_REQUEST, "invalid-schedule", "Invalid scan schedule"),

	INVALID_ASSESSMENTS_REQUEST(HttpStatus.BAD_REQUEST, "invalid-assessments-request", "Invalid assessments request"),

	ACCESS_LOG_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "access-log-not-configured", "Access log not configured"),

	VAULT_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "vault-not-configured", "The collector cannot call the vault"),

	INVALID_OAUTH_REQUEST(HttpStatus.BAD_REQUEST, "invalid-oauth-request", "Invalid connect request"),

	INVALID_OAUTH_STATE(HttpStatus.BAD_REQUEST, "invalid-oauth-state", "Invalid OAuth state"),

	OAUTH_CLIENT_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "oauth-client-not-configured",
			"OAuth client not configured"),

	BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large"),

	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),

	INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid idempotency key"),

	IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
			"Idempotency key reused for another request"),

	IDEMPOTENCY_KEY_IN_USE(HttpStatus.CONFLICT, "idempotency-key-in-use",
			"Request with this idempotency key in progress"),

	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests"),

	INTEGRATION_LIMIT_REACHED(HttpStatus.CONFLICT, "integration-limit-reached", "Integration limit reached"),

	UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),

	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

	/** Base of every problem {@code type} URI; one page per problem. */
	public static final String TYPE_BASE = "https://latchkey.dev/problems/";

	private final HttpStatus status;

	private final URI type;

	private final String title;

	Problems(HttpStatus status, String slug, String title) {
		this.status = status;
		this.type = URI.create(TYPE_BASE + slug);
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public ProblemDetail detail(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(this.type);
		problem.setTitle(this.title);
		return problem;
	}

	public ResponseEntity<ProblemDetail> response(String detail) {
		return ResponseEntity.status(this.status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail(detail));
	}

}

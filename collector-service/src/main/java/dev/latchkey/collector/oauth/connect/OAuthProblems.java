package dev.latchkey.collector.oauth.connect;

import dev.latchkey.collector.oauth.OAuthRefusedException;
import dev.latchkey.collector.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused connects and callbacks as problem+json with fixed details. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OAuthProblems {

	@ExceptionHandler(OAuthRefusedException.class)
	ResponseEntity<ProblemDetail> refused(OAuthRefusedException ex) {
		Problems problem = switch (ex.kind()) {
			case UNKNOWN_PROVIDER -> Problems.UNKNOWN_PROVIDER;
			case INVALID_REQUEST -> Problems.INVALID_OAUTH_REQUEST;
			case CLIENT_NOT_CONFIGURED -> Problems.OAUTH_CLIENT_NOT_CONFIGURED;
			case INVALID_STATE -> Problems.INVALID_OAUTH_STATE;
		};
		return problem.response(ex.getMessage());
	}

}

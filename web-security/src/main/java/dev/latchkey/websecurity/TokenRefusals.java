package dev.latchkey.websecurity;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * The detail of a 401: why a token was refused, in fixed words. Spring's and Nimbus'
 * messages can quote a token's header or claims (a parse error repeats the JSON it choked
 * on), so none of them is passed on; only {@link TokenRules}' descriptions, which are
 * fixed text, are.
 */
final class TokenRefusals {

	static final String MISSING = "A bearer token is required (Authorization: Bearer <JWT>)";

	private static final String LEAD = "The bearer token was refused: ";

	private TokenRefusals() {
	}

	static String describe(AuthenticationException ex) {
		JwtValidationException invalid = find(ex, JwtValidationException.class);
		if (invalid != null) {
			Set<String> reasons = new LinkedHashSet<>();
			for (OAuth2Error error : invalid.getErrors()) {
				reasons.add(reasonOf(error.getDescription()));
			}
			return LEAD + String.join("; ", reasons);
		}
		BadJwtException bad = find(ex, BadJwtException.class);
		if (bad != null) {
			// Nimbus checks exp and nbf itself before Spring's validators run.
			String message = messages(ex);
			if (message.contains("Expired JWT")) {
				return LEAD + "it has expired (exp)";
			}
			if (message.contains("JWT before use time")) {
				return LEAD + "it is not valid yet (nbf)";
			}
			if (message.contains("expiresAt must be after issuedAt")) {
				return LEAD + "it expires before it was issued (exp, iat)";
			}
			return LEAD + "it is not a well-formed JWT signed with an accepted key and algorithm";
		}
		if (ex instanceof InvalidBearerTokenException) {
			return LEAD + "it is not valid";
		}
		if (ex instanceof OAuth2AuthenticationException) {
			// The Authorization header itself is malformed (not "Bearer <token>").
			return LEAD + "the Authorization header is not 'Bearer' followed by a token";
		}
		return MISSING;
	}

	private static String reasonOf(String description) {
		if (description == null) {
			return "it is not valid";
		}
		if (description.startsWith(TokenRules.PREFIX)) {
			return "it" + description.substring(TokenRules.PREFIX.length() - 1);
		}
		// JwtTimestampValidator's, which quote the token's instants.
		if (description.startsWith("Jwt expired")) {
			return "it has expired (exp)";
		}
		if (description.startsWith("Jwt used before")) {
			return "it is not valid yet (nbf)";
		}
		if (description.equals("exp is required")) {
			return "it has no expiry (exp)";
		}
		if (description.contains("typ")) {
			return "its type (typ header) is not JWT";
		}
		return "it is not valid";
	}

	/** Every message along the cause chain, to be read here, never passed on. */
	private static String messages(Throwable ex) {
		StringBuilder all = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			all.append(cause.getMessage()).append('\n');
		}
		return all.toString();
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}

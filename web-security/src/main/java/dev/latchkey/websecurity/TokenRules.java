package dev.latchkey.websecurity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * What a verified token must say besides its signature and {@code exp}/{@code nbf}: a
 * lifetime within the limit, the configured issuer and audience, and a tenant claim that
 * is a well-formed string. Every description is fixed text (plus the claim's name and the
 * limit): none quotes a value from the token.
 */
final class TokenRules implements OAuth2TokenValidator<Jwt> {

	/** Every description of this class starts so; the 401 detail passes them on. */
	static final String PREFIX = "The token ";

	private final String tenantClaim;

	private final String issuer;

	private final String audience;

	private final Duration maxLifetime;

	private final Duration clockSkew;

	private final Clock clock;

	/**
	 * @param issuer the required {@code iss}, or {@code null} to accept any
	 * @param audience a value {@code aud} must contain, or {@code null} to accept any
	 */
	TokenRules(String tenantClaim, String issuer, String audience, Duration maxLifetime, Duration clockSkew,
			Clock clock) {
		this.tenantClaim = tenantClaim;
		this.issuer = issuer;
		this.audience = audience;
		this.maxLifetime = maxLifetime;
		this.clockSkew = clockSkew;
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		List<OAuth2Error> errors = new ArrayList<>();
		Instant now = this.clock.instant();
		Instant issuedAt = jwt.getIssuedAt();
		Instant expiresAt = jwt.getExpiresAt();
		if (issuedAt != null && issuedAt.isAfter(now.plus(this.clockSkew))) {
			errors.add(error("was issued in the future (iat)"));
		}
		// exp itself is required by the timestamp validator; without one there is no
		// lifetime to check here.
		if (expiresAt != null) {
			// A token issued long ago may have little left, but its issuer meant it to
			// live too long; one with iat in the future (or none) must not outlive the
			// limit counted from now.
			boolean tooLongAsIssued = issuedAt != null
					&& Duration.between(issuedAt, expiresAt).compareTo(this.maxLifetime) > 0;
			boolean tooLongFromNow = Duration.between(now, expiresAt)
				.compareTo(this.maxLifetime.plus(this.clockSkew)) > 0;
			if (tooLongAsIssued || tooLongFromNow) {
				errors.add(error("lives longer than the " + this.maxLifetime + " allowed (exp - iat, or exp - now)"));
			}
		}
		if (this.issuer != null && !this.issuer.equals(jwt.getClaimAsString(JwtClaimNames.ISS))) {
			errors.add(error("was not issued by the accepted issuer (iss)"));
		}
		if (this.audience != null && !audiences(jwt).contains(this.audience)) {
			errors.add(error("is not meant for this service (aud)"));
		}
		Object tenant = jwt.getClaims().get(this.tenantClaim);
		if (tenant == null) {
			errors.add(error("has no '" + this.tenantClaim + "' claim"));
		}
		else if (!(tenant instanceof String text) || !TenantId.isValid(text)) {
			errors.add(error("has a '" + this.tenantClaim + "' claim that is not a string of " + TenantId.RULE));
		}
		return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
	}

	/** {@code aud} as a string or an array of strings; anything else names no one. */
	private static List<String> audiences(Jwt jwt) {
		Object aud = jwt.getClaims().get(JwtClaimNames.AUD);
		if (aud instanceof String single) {
			return List.of(single);
		}
		if (aud instanceof java.util.Collection<?> many) {
			return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		return List.of();
	}

	private static OAuth2Error error(String what) {
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, PREFIX + what, null);
	}

}

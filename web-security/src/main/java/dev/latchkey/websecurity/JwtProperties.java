package dev.latchkey.websecurity;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are checked. Exactly one of {@code hmacSecret} (HS256, at least 32
 * bytes) or {@code jwksUri} must be set.
 *
 * @param tenantClaim the claim that names the caller's tenant: a string matching
 * {@link TenantId#PATTERN}
 * @param issuer the {@code iss} tokens must carry; required unless the
 * {@value #DEVELOPMENT_PROFILE} profile is active
 * @param audience a value the token's {@code aud} must contain; required unless the
 * {@value #DEVELOPMENT_PROFILE} profile is active
 * @param maxLifetime the longest a token may live: {@code exp - iat}, and {@code exp}
 * counted from now (so a token without {@code iat}, or with one in the future, is held to
 * it too)
 * @param publicPaths paths reachable without a token, besides health and info
 * @param clockSkew how far {@code exp}, {@code nbf} and {@code iat} may be off the clock,
 * both when a token is verified and when it is answered from the cache (Spring's default
 * is 60 s)
 * @param cache verified tokens kept so that a token is not verified again on every
 * request
 */
@ConfigurationProperties("latchkey.security.jwt")
public record JwtProperties(String hmacSecret, String jwksUri, String issuer, String audience,
		@DefaultValue("tenant_id") String tenantClaim, @DefaultValue("24h") Duration maxLifetime,
		@DefaultValue List<String> publicPaths, @DefaultValue("60s") Duration clockSkew, @DefaultValue Cache cache) {

	/**
	 * The Spring profile in which tokens need no issuer and audience (tests, a
	 * developer's own machine). Everywhere else the service refuses to start without
	 * them.
	 */
	public static final String DEVELOPMENT_PROFILE = "development";

	public JwtProperties {
		boolean hmac = hmacSecret != null && !hmacSecret.isBlank();
		boolean jwks = jwksUri != null && !jwksUri.isBlank();
		if (hmac == jwks) {
			throw new IllegalStateException(
					"Configure exactly one of latchkey.security.jwt.hmac-secret or latchkey.security.jwt.jwks-uri");
		}
		if (hmac && hmacSecret.length() < 32) {
			throw new IllegalStateException("latchkey.security.jwt.hmac-secret must be at least 32 characters");
		}
		if (clockSkew.isNegative()) {
			throw new IllegalStateException("latchkey.security.jwt.clock-skew must not be negative");
		}
		if (maxLifetime.isNegative() || maxLifetime.isZero()) {
			throw new IllegalStateException("latchkey.security.jwt.max-lifetime must be positive");
		}
		issuer = blankToNull(issuer);
		audience = blankToNull(audience);
	}

	/**
	 * Fails unless issuer and audience are both set: tokens of another issuer signed with
	 * a shared key, or meant for another service of the same issuer, would pass
	 * otherwise.
	 */
	void requireIssuerAndAudience() {
		if (this.issuer == null || this.audience == null) {
			throw new IllegalStateException("latchkey.security.jwt.issuer (LATCHKEY_SECURITY_JWT_ISSUER) and "
					+ "latchkey.security.jwt.audience (LATCHKEY_SECURITY_JWT_AUDIENCE) are required; only the '"
					+ DEVELOPMENT_PROFILE + "' profile runs without them");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	/**
	 * @param maxTtl how long a verified token is answered from the cache at most before
	 * it is verified again (never past its {@code exp}); bounds how long a token signed
	 * with a key that left the JWK set can still be accepted from the cache. Zero turns
	 * the cache off.
	 * @param maxSize how many verified tokens are kept at most; zero turns the cache off
	 */
	public record Cache(@DefaultValue("5m") Duration maxTtl, @DefaultValue("10000") int maxSize) {

		public Cache {
			if (maxTtl.isNegative() || maxSize < 0) {
				throw new IllegalStateException(
						"latchkey.security.jwt.cache.max-ttl and max-size must not be negative");
			}
		}

		boolean enabled() {
			return !this.maxTtl.isZero() && this.maxSize > 0;
		}

	}

}

package dev.latchkey.websecurity;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are checked. Exactly one of {@code hmacSecret} (HS256, at least 32
 * bytes) or {@code jwksUri} must be set.
 *
 * @param tenantClaim the claim that names the caller's tenant
 * @param issuer when set, tokens must carry this {@code iss}
 * @param publicPaths paths reachable without a token, besides health and info
 */
@ConfigurationProperties("latchkey.security.jwt")
public record JwtProperties(String hmacSecret, String jwksUri, String issuer,
		@DefaultValue("tenant_id") String tenantClaim, @DefaultValue List<String> publicPaths) {

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
	}

}

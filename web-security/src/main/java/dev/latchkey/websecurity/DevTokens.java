package dev.latchkey.websecurity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints HS256 bearer tokens for development and tests, with the same secret the services
 * are configured with, issued by {@link #ISSUER} for {@link #AUDIENCE} (configure the
 * services with {@code latchkey.security.jwt.issuer} and {@code .audience} to match).
 * Production tokens come from the real identity provider.
 */
public final class DevTokens {

	/** The {@code iss} of development tokens. */
	public static final String ISSUER = "latchkey-dev";

	/** The {@code aud} of development tokens. */
	public static final String AUDIENCE = "latchkey";

	private final byte[] secret;

	private final String tenantClaim;

	public DevTokens(String hmacSecret, String tenantClaim) {
		this.secret = hmacSecret.getBytes(StandardCharsets.UTF_8);
		this.tenantClaim = tenantClaim;
	}

	public DevTokens(String hmacSecret) {
		this(hmacSecret, "tenant_id");
	}

	public String mint(String tenantId, Duration validity) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("dev-user@" + tenantId)
			.issuer(ISSUER)
			.audience(AUDIENCE)
			.claim(this.tenantClaim, tenantId)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(validity)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(this.secret));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign development token", ex);
		}
		return jwt.serialize();
	}

}

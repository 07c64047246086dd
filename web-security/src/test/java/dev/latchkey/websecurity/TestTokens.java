package dev.latchkey.websecurity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens with any claims, signed with the test secret: what {@link DevTokens} mints,
 * changed by the test.
 */
final class TestTokens {

	private TestTokens() {
	}

	/** A valid token for {@code acme} as {@link DevTokens} mints it, then changed. */
	static String signed(UnaryOperator<JWTClaimsSet.Builder> change) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("someone@acme")
			.issuer(DevTokens.ISSUER)
			.audience(DevTokens.AUDIENCE)
			.claim("tenant_id", "acme")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), change.apply(claims).build());
		try {
			jwt.sign(new MACSigner(TenantSecurityTest.SECRET.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	static Date in(Duration fromNow) {
		return Date.from(Instant.now().plus(fromNow));
	}

}

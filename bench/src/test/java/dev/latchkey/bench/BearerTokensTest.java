package dev.latchkey.bench;

import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BearerTokensTest {

	private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	@Test
	void mint_signsHs256WithTheTenantClaimTheServicesRead() throws Exception {
		SignedJWT jwt = SignedJWT.parse(new BearerTokens(SECRET + "\n").mint("bench-tenant-3", Duration.ofHours(1)));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getStringClaim("tenant_id")).isEqualTo("bench-tenant-3");
		// The issuer and audience the embedded default's services require.
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("latchkey-dev");
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("latchkey");
		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(3500));
	}

	@Test
	void mint_refusesTenantIdsThatWouldNeedEscaping() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BearerTokens(SECRET).mint("a\",\"tenant_id\":\"b", Duration.ofHours(1)));
	}

}

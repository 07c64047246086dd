package dev.latchkey.websecurity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The delegate checks timestamps against the real clock, the cache against a clock the
 * test moves: a token refused after moving the clock was refused by the cache itself.
 */
class CachingJwtDecoderTest {

	private static final String SECRET = "caching-decoder-test-secret-0123456789";

	private static final Duration SKEW = Duration.ofSeconds(60);

	private static final Duration MAX_TTL = Duration.ofMinutes(5);

	private final Instant now = Instant.now();

	private final MovableClock clock = new MovableClock(this.now);

	private final AtomicInteger verifications = new AtomicInteger();

	private final ReactiveJwtDecoder verifying = NimbusReactiveJwtDecoder
		.withSecretKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
		.macAlgorithm(MacAlgorithm.HS256)
		.build();

	private final ReactiveJwtDecoder counted = (token) -> {
		this.verifications.incrementAndGet();
		return this.verifying.decode(token);
	};

	@Test
	void aTokenIsVerifiedOnceForManyRequests() {
		CachingJwtDecoder decoder = decoder(10_000);
		String token = mint("acme", this.now, this.now.plus(Duration.ofMinutes(30)), null);

		for (int request = 0; request < 100; request++) {
			Jwt jwt = decoder.decode(token).block();
			assertThat(jwt.getTokenValue()).isEqualTo(token);
			assertThat(jwt.getClaimAsString("tenant_id")).isEqualTo("acme");
			assertThat(jwt.getExpiresAt())
				.isEqualTo(this.now.plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS));
		}

		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void anExpiredTokenIsRefusedEvenThoughItWasCachedWhileValid() {
		CachingJwtDecoder decoder = decoder(10_000);
		String token = mint("acme", this.now, this.now.plus(Duration.ofMinutes(2)), null);
		decoder.decode(token).block();

		this.clock.advance(Duration.ofMinutes(2).plus(SKEW).plusSeconds(2));

		assertThatThrownBy(() -> decoder.decode(token).block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("expired");
		assertThat(this.verifications).hasValue(1);
		assertThat(decoder.size()).isZero();
	}

	@Test
	void anExpiredTokenIsAcceptedFromTheCacheWithinTheClockSkewAsTheDecoderWould() {
		CachingJwtDecoder decoder = decoder(10_000);
		String token = mint("acme", this.now, this.now.plus(Duration.ofMinutes(2)), null);
		decoder.decode(token).block();

		this.clock.advance(Duration.ofMinutes(2).plus(SKEW.dividedBy(2)));

		assertThat(decoder.decode(token).block()).isNotNull();
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void aTokenNotYetValidIsRefusedEvenThoughItWasCached() {
		CachingJwtDecoder decoder = decoder(10_000);
		String token = mint("acme", this.now, this.now.plus(Duration.ofMinutes(30)), this.now);
		decoder.decode(token).block();

		// The clock was set back (NTP step, VM restore) past the skew.
		this.clock.advance(SKEW.plusSeconds(5).negated());

		assertThatThrownBy(() -> decoder.decode(token).block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("used before");
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void aTokenWithATamperedSignatureIsRefusedEvenThoughTheOriginalIsCached() {
		CachingJwtDecoder decoder = decoder(10_000);
		String token = mint("acme", this.now, this.now.plus(Duration.ofMinutes(30)), null);
		decoder.decode(token).block();

		String tampered = tamperLastCharacter(token);

		assertThatThrownBy(() -> decoder.decode(tampered).block()).isInstanceOf(JwtException.class);
		assertThat(decoder.decode(token).block().getTokenValue()).isEqualTo(token);
	}

	@Test
	void aRefusedTokenIsNeverCached() {
		CachingJwtDecoder decoder = decoder(10_000);
		String tampered = tamperLastCharacter(mint("acme", this.now, this.now.plus(Duration.ofMinutes(30)), null));

		for (int request = 0; request < 3; request++) {
			assertThatThrownBy(() -> decoder.decode(tampered).block()).isInstanceOf(JwtException.class);
		}

		assertThat(this.verifications).hasValue(3);
		assertThat(decoder.size()).isZero();
	}

	@Test
	void aCachedTokenIsVerifiedAgainOnceTheMaxTtlHasPassed() {
		CachingJwtDecoder decoder = decoder(10_000);
		String token = mint("acme", this.now, this.now.plus(Duration.ofHours(1)), null);
		decoder.decode(token).block();

		this.clock.advance(MAX_TTL.minusSeconds(1));
		decoder.decode(token).block();
		assertThat(this.verifications).hasValue(1);

		this.clock.advance(Duration.ofSeconds(1));
		decoder.decode(token).block();
		decoder.decode(token).block();
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void theCacheIsBoundedAndLetsTheOldestGoFirst() {
		CachingJwtDecoder decoder = decoder(3);
		String[] tokens = new String[10];
		for (int i = 0; i < tokens.length; i++) {
			tokens[i] = mint("tenant-" + i, this.now, this.now.plus(Duration.ofMinutes(30)), null);
			decoder.decode(tokens[i]).block();
			assertThat(decoder.size()).isLessThanOrEqualTo(3);
		}
		assertThat(this.verifications).hasValue(10);

		decoder.decode(tokens[9]).block();
		assertThat(this.verifications).hasValue(10);
		decoder.decode(tokens[0]).block();
		assertThat(this.verifications).hasValue(11);
		assertThat(decoder.size()).isLessThanOrEqualTo(3);
	}

	private CachingJwtDecoder decoder(int maxSize) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(SKEW);
		timestamps.setClock(this.clock);
		return new CachingJwtDecoder(this.counted, timestamps, this.clock, MAX_TTL, maxSize);
	}

	private static String mint(String tenant, Instant issuedAt, Instant expiresAt, Instant notBefore) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("user@" + tenant)
			.claim("tenant_id", tenant)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt));
		if (notBefore != null) {
			claims.notBeforeTime(Date.from(notBefore));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
		try {
			jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * Changes the signature's last character in a bit that counts: of the last base64url
	 * character of a 32-byte HMAC only the top four bits are signature bits.
	 */
	private static String tamperLastCharacter(String token) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		char last = token.charAt(token.length() - 1);
		char tampered = alphabet.charAt(alphabet.indexOf(last) ^ 0b10000);
		return token.substring(0, token.length() - 1) + tampered;
	}

	/** A clock the test moves by hand. */
	private static final class MovableClock extends Clock {

		private Instant instant;

		MovableClock(Instant instant) {
			this.instant = instant;
		}

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}

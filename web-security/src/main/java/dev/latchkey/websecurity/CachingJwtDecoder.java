package dev.latchkey.websecurity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Verifies each bearer token once, then answers it from a bounded cache: a signature
 * check and the claim conversions cost more than the rest of a small request.
 * <p>
 * Entries are keyed by the SHA-256 of the token and hold its headers and claims, never
 * the token itself. A hit is checked again against the clock with the same timestamp
 * validator (clock and skew) the delegate uses, so a token the delegate would refuse as
 * expired or not yet valid is refused from the cache too. An entry is verified again by
 * the delegate once {@code maxTtl} has passed since it was verified, which bounds how
 * long a token keeps being accepted after its key left the JWK set. Failures are never
 * cached. When full, the entry cached first goes (it is also the first to need verifying
 * again).
 */
class CachingJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final OAuth2TokenValidator<Jwt> timestamps;

	private final Clock clock;

	private final Duration maxTtl;

	private final int maxSize;

	private final Map<TokenHash, Verified> verified = new ConcurrentHashMap<>();

	/** Every entry of {@link #verified}, oldest first, and some already gone from it. */
	private final Queue<Verified> arrivals = new ConcurrentLinkedQueue<>();

	private final AtomicInteger arrivalCount = new AtomicInteger();

	/**
	 * @param timestamps the delegate's check of {@code exp} and {@code nbf} (same clock,
	 * same skew)
	 * @param clock the clock {@code timestamps} reads
	 */
	CachingJwtDecoder(ReactiveJwtDecoder delegate, OAuth2TokenValidator<Jwt> timestamps, Clock clock, Duration maxTtl,
			int maxSize) {
		this.delegate = delegate;
		this.timestamps = timestamps;
		this.clock = clock;
		this.maxTtl = maxTtl;
		this.maxSize = maxSize;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		TokenHash hash = TokenHash.of(token);
		Verified cached = this.verified.get(hash);
		if (cached != null) {
			if (this.clock.instant().isBefore(cached.verifyAgainAt)) {
				Jwt jwt = cached.toJwt(token);
				OAuth2TokenValidatorResult result = this.timestamps.validate(jwt);
				if (!result.hasErrors()) {
					return Mono.just(jwt);
				}
				this.verified.remove(hash, cached);
				return Mono.error(invalid(result.getErrors()));
			}
			this.verified.remove(hash, cached);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> remember(hash, jwt));
	}

	/** How many verified tokens the cache holds now. */
	int size() {
		return this.verified.size();
	}

	private void remember(TokenHash hash, Jwt jwt) {
		Verified entry = new Verified(hash, jwt, this.clock.instant().plus(this.maxTtl));
		this.verified.put(hash, entry);
		this.arrivals.add(entry);
		// One in, at most one out: the queue (and so the map) stays at maxSize without
		// ever being scanned. Entries removed early (expired, replaced) leave a stale
		// queue element whose removal below is a no-op.
		if (this.arrivalCount.incrementAndGet() > this.maxSize) {
			Verified oldest = this.arrivals.poll();
			if (oldest != null) {
				this.arrivalCount.decrementAndGet();
				this.verified.remove(oldest.hash, oldest);
			}
		}
	}

	/** The same exception, and message, as the delegate's validation failure. */
	private static JwtValidationException invalid(Collection<OAuth2Error> errors) {
		String description = errors.stream()
			.map(OAuth2Error::getDescription)
			.filter((text) -> text != null && !text.isEmpty())
			.findFirst()
			.orElse("Unable to validate Jwt");
		return new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
				errors);
	}

	/** The SHA-256 of a token, as four longs: no array to compare, no token to keep. */
	private record TokenHash(long a, long b, long c, long d) {

		static TokenHash of(String token) {
			MessageDigest sha256;
			try {
				sha256 = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("Every Java platform has SHA-256", ex);
			}
			ByteBuffer digest = ByteBuffer.wrap(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
			return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
		}

	}

	/**
	 * A token the delegate accepted, without the token itself. Identity equality: an
	 * entry is only ever removed by the one who saw it.
	 */
	private static final class Verified {

		private final TokenHash hash;

		private final Instant issuedAt;

		private final Instant expiresAt;

		private final Map<String, Object> headers;

		private final Map<String, Object> claims;

		private final Instant verifyAgainAt;

		Verified(TokenHash hash, Jwt jwt, Instant verifyAgainAt) {
			this.hash = hash;
			this.issuedAt = jwt.getIssuedAt();
			this.expiresAt = jwt.getExpiresAt();
			this.headers = jwt.getHeaders();
			this.claims = jwt.getClaims();
			this.verifyAgainAt = verifyAgainAt;
		}

		Jwt toJwt(String token) {
			return new Jwt(token, this.issuedAt, this.expiresAt, this.headers, this.claims);
		}

	}

}

package dev.latchkey.collector.oauth.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values of the authorization-code flow: state and PKCE (RFC 7636, S256). */
public final class Pkce {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	private Pkce() {
	}

	/** 256 bits of randomness, base64url: usable as state and as code verifier. */
	public static String random256() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return URL.encodeToString(bytes);
	}

	public static String challengeOf(String verifier) {
		return URL.encodeToString(sha256(verifier));
	}

	/**
	 * The state is stored only as this hash, so a database dump cannot finish a connect.
	 */
	public static String hashOfState(String state) {
		return URL.encodeToString(sha256(state));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}

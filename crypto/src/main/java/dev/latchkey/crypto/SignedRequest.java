package dev.latchkey.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a consumer signs to call the vault's internal API, and what the vault verifies:
 * who (the consumer's registered name), when (epoch second), and exactly what (method,
 * raw path and query, SHA-256 of the body bytes). Encoded length-prefixed and
 * purpose-tagged like {@link AssociatedData}, so no two different requests sign the same
 * bytes and a signature is good for no other use.
 */
public final class SignedRequest {

	/** The consumer's registered name. */
	public static final String CONSUMER_HEADER = "Latchkey-Consumer";

	/** Seconds since the epoch when the request was signed. */
	public static final String TIMESTAMP_HEADER = "Latchkey-Timestamp";

	/** {@link RequestSigner#sign(SignedRequest)}: unpadded base64url. */
	public static final String SIGNATURE_HEADER = "Latchkey-Signature";

	private final AssociatedData encoded;

	private final String description;

	/**
	 * @param pathAndQuery the raw (still percent-encoded) path, plus {@code ?} and the
	 * raw query when there is one, as the request line carries them
	 * @param body the body bytes as sent (empty when there is none)
	 */
	public SignedRequest(String consumer, String method, String pathAndQuery, long epochSecond, byte[] body) {
		String upperMethod = method.toUpperCase(Locale.ROOT);
		this.encoded = AssociatedData.of("internal-request", consumer, upperMethod, pathAndQuery,
				Long.toString(epochSecond), HexFormat.of().formatHex(sha256(body)));
		this.description = upperMethod + " " + pathAndQuery + " by " + consumer + " at " + epochSecond;
	}

	byte[] bytes() {
		return this.encoded.bytes();
	}

	private static byte[] sha256(byte[] body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	@Override
	public String toString() {
		return this.description;
	}

}

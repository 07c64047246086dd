package dev.latchkey.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The id of one integration: the same (tenant, provider, name) always gives the same id,
 * so a re-submission lands on the same integration (as a new version in the vault).
 */
public record IntegrationId(String value) {

	/** The integration name when the user gives none. */
	public static final String DEFAULT_NAME = "default";

	/** What an integration name must look like. */
	public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

	/** What {@link #of} makes: anything else cannot name an integration. */
	private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("int_[a-z2-7]{26}");

	private static final String PREFIX = "int_";

	private static final int LENGTH = 26;

	private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

	/**
	 * {@code "int_"} + the first 26 characters of the unpadded lowercase base32 of
	 * SHA-256(tenant NUL provider NUL name). NUL cannot occur in any part, so different
	 * triples never hash the same input.
	 */
	/**
	 * Whether {@code value} has the shape of an integration id (says nothing of
	 * existence).
	 */
	public static boolean isWellFormed(String value) {
		return value != null && SHAPE.matcher(value).matches();
	}

	public static IntegrationId of(String tenantId, String provider, String name) {
		byte[] digest = sha256(tenantId + '\u0000' + provider + '\u0000' + name);
		return new IntegrationId(PREFIX + base32(digest).substring(0, LENGTH));
	}

	private static byte[] sha256(String input) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** RFC 4648 base32, lowercase, without padding. */
	static String base32(byte[] bytes) {
		StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				bits -= 5;
				out.append(BASE32[(buffer >>> bits) & 31]);
			}
			buffer &= (1 << bits) - 1;
		}
		if (bits > 0) {
			out.append(BASE32[(buffer << (5 - bits)) & 31]);
		}
		return out.toString();
	}

	@Override
	public String toString() {
		return this.value;
	}

}

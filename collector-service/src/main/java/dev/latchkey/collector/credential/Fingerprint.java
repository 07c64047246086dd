package dev.latchkey.collector.credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a keyed submission said, as SHA-256 of provider and canonical body (effective
 * name, fields sorted by name), so a reused key can be told from a retried one without
 * storing the body. The digest also covers the key's record id: the same secret under two
 * keys gives two unrelated fingerprints, and no table of precomputed hashes applies.
 */
record Fingerprint(String hex) {

	private static final byte[] DOMAIN = "latchkey collector idempotency fingerprint v1"
		.getBytes(StandardCharsets.UTF_8);

	static Fingerprint of(String recordId, String provider, String name, Map<String, String> fields) {
		return of(recordId, provider, name, fields, null);
	}

	/**
	 * With the scan period chosen on submission; without one the digest is exactly as
	 * before there were periods.
	 */
	static Fingerprint of(String recordId, String provider, String name, Map<String, String> fields,
			Long scanEverySeconds) {
		MessageDigest digest = sha256();
		part(digest, DOMAIN);
		part(digest, recordId);
		part(digest, provider);
		part(digest, name);
		for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
			part(digest, field.getKey());
			part(digest, field.getValue());
		}
		if (scanEverySeconds != null) {
			part(digest, "scanEverySeconds");
			part(digest, Long.toString(scanEverySeconds));
		}
		return new Fingerprint(HexFormat.of().formatHex(digest.digest()));
	}

	boolean matches(Fingerprint other) {
		return MessageDigest.isEqual(this.hex.getBytes(StandardCharsets.US_ASCII),
				other.hex.getBytes(StandardCharsets.US_ASCII));
	}

	/** Length-prefixed, so no two different bodies give the same input; -1 for null. */
	private static void part(MessageDigest digest, String value) {
		if (value == null) {
			digest.update(ByteBuffer.allocate(4).putInt(-1).array());
		}
		else {
			part(digest, value.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static void part(MessageDigest digest, byte[] bytes) {
		digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		digest.update(bytes);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}

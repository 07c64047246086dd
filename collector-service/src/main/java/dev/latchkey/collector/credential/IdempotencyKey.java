package dev.latchkey.collector.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The client's name for one submission and its retries (the {@code Idempotency-Key}
 * header of draft-ietf-httpapi-idempotency-key-header): 1 to 255 printable ASCII
 * characters. The draft defines the header as a Structured Field string ({@code "…"}); a
 * bare value is accepted too, as most clients send one.
 */
record IdempotencyKey(String value) {

	/** The request and response header. */
	static final String HEADER = "Idempotency-Key";

	static final int MAX_LENGTH = 255;

	IdempotencyKey {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			throw new InvalidIdempotencyKeyException("must be 1 to " + MAX_LENGTH + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				throw new InvalidIdempotencyKeyException("must be printable ASCII");
			}
		}
	}

	/**
	 * The key a request carries, or {@code null} when it has none.
	 * @param headerValues every value of the header, {@code null} when absent
	 * @throws InvalidIdempotencyKeyException for more than one value or a malformed one;
	 * its message never quotes the value
	 */
	static IdempotencyKey fromHeader(List<String> headerValues) {
		if (headerValues == null || headerValues.isEmpty()) {
			return null;
		}
		if (headerValues.size() > 1) {
			throw new InvalidIdempotencyKeyException("must be sent once");
		}
		String value = headerValues.get(0).strip();
		return new IdempotencyKey(value.startsWith("\"") ? unquote(value) : value);
	}

	/** A fresh key the collector hands to a client that sent none. */
	static IdempotencyKey generate() {
		return new IdempotencyKey(UUID.randomUUID().toString());
	}

	/** The key as a Structured Field string, the form the draft gives the header. */
	String headerValue() {
		return '"' + this.value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	/**
	 * Where this key is stored for a tenant: hex SHA-256 of (tenant NUL key), so two
	 * tenants never share a key and the key itself is not stored.
	 */
	String scopedTo(String tenantId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((tenantId + '\u0000' + this.value).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** RFC 8941 §4.2.5: a string, with {@code \"} and {@code \\} the only escapes. */
	private static String unquote(String quoted) {
		StringBuilder out = new StringBuilder(quoted.length());
		int i = 1;
		while (i < quoted.length()) {
			char c = quoted.charAt(i++);
			if (c == '\\') {
				if (i == quoted.length() || (quoted.charAt(i) != '"' && quoted.charAt(i) != '\\')) {
					throw new InvalidIdempotencyKeyException("is not a valid Structured Field string");
				}
				out.append(quoted.charAt(i++));
			}
			else if (c == '"') {
				if (i != quoted.length()) {
					throw new InvalidIdempotencyKeyException("must be a single string");
				}
				return out.toString();
			}
			else {
				out.append(c);
			}
		}
		throw new InvalidIdempotencyKeyException("is not a valid Structured Field string");
	}

	@Override
	public String toString() {
		// Clients choose keys; some may put something private in one.
		return "IdempotencyKey[" + this.value.length() + " characters]";
	}

}

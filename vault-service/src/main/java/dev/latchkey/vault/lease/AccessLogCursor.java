package dev.latchkey.vault.lease;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of the access log ended: the time and id of its last (oldest) entry.
 * Opaque to callers (unpadded base64url); it moves only within the log of the tenant and
 * integration it is used with, so it needs no protection.
 */
record AccessLogCursor(Instant at, String id) {

	static AccessLogCursor after(LeaseAudit audit) {
		return new AccessLogCursor(audit.at(), audit.id());
	}

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.at.toEpochMilli() + ":" + this.id).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Fails with {@link IllegalArgumentException} for anything {@link #encode()} did not
	 * write.
	 */
	static AccessLogCursor decode(String cursor) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 1 || colon == decoded.length() - 1) {
				throw new IllegalArgumentException("Not an access log cursor");
			}
			return new AccessLogCursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, colon))),
					decoded.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not an access log cursor");
		}
	}

}

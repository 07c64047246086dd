package dev.latchkey.vault.assessment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import dev.latchkey.vault.credential.Assessment;

/**
 * Where a page of the scan history ended: the time and event id of its last (oldest)
 * scan. Opaque to callers (unpadded base64url); it moves only within the history of the
 * tenant and integration it is used with, so it needs no protection.
 */
record AssessmentCursor(Instant at, String id) {

	static AssessmentCursor after(Assessment assessment) {
		return new AssessmentCursor(assessment.checkedAt(), assessment.eventId());
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
	static AssessmentCursor decode(String cursor) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 1 || colon == decoded.length() - 1) {
				throw new IllegalArgumentException();
			}
			return new AssessmentCursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, colon))),
					decoded.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not an assessments cursor");
		}
	}

}

package dev.latchkey.vault.consumer;

import java.time.Instant;
import java.util.Map;

/**
 * A request to the internal API that could not be authenticated, for the audit. Its body
 * has not been trusted and is read only to record what was asked.
 *
 * @param claimedConsumer the consumer the request named (made safe to log), never
 * authenticated
 * @param reason why it was refused, e.g. {@code BAD_SIGNATURE}
 */
public record RefusedRequest(String claimedConsumer, String method, String path, Map<String, String> query, byte[] body,
		String reason, Instant at) {

	public RefusedRequest {
		query = Map.copyOf(query);
		body = body.clone();
	}

	@Override
	public byte[] body() {
		return this.body.clone();
	}

	@Override
	public String toString() {
		return "RefusedRequest[" + this.method + " " + this.path + " claimed by " + this.claimedConsumer + ": "
				+ this.reason + "]";
	}

}

package dev.latchkey.collector.oauth;

/** A token request failed; the message is a reason code only. */
class TokenRequestFailedException extends RuntimeException {

	/**
	 * The platform says the code or refresh token is no good (revoked, used, expired).
	 */
	static final String INVALID_GRANT = "INVALID_GRANT";

	/** The platform refused the request for another reason (client, scope...). */
	static final String REJECTED = "TOKEN_REQUEST_REJECTED";

	/** Timeout, connection failure or a 5xx: worth retrying later. */
	static final String UNAVAILABLE = "PLATFORM_UNAVAILABLE";

	/** The answer had no access token or was not JSON. */
	static final String MALFORMED = "MALFORMED_TOKEN_RESPONSE";

	private final String reason;

	TokenRequestFailedException(String reason) {
		super(reason, null, false, false);
		this.reason = reason;
	}

	String reason() {
		return this.reason;
	}

	boolean retryable() {
		return UNAVAILABLE.equals(this.reason);
	}

}

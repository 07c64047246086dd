package dev.latchkey.collector.oauth;

/** A token request failed; the message is a reason code only. */
public class TokenRequestFailedException extends RuntimeException {

	/**
	 * The platform says the code or refresh token is no good (revoked, used, expired).
	 */
	public static final String INVALID_GRANT = "INVALID_GRANT";

	/** The platform refused the request for another reason (client, scope...). */
	public static final String REJECTED = "TOKEN_REQUEST_REJECTED";

	/** Timeout, connection failure or a 5xx: worth retrying later. */
	public static final String UNAVAILABLE = "PLATFORM_UNAVAILABLE";

	/** The answer had no access token or was not JSON. */
	public static final String MALFORMED = "MALFORMED_TOKEN_RESPONSE";

	private final String reason;

	public TokenRequestFailedException(String reason) {
		super(reason, null, false, false);
		this.reason = reason;
	}

	public String reason() {
		return this.reason;
	}

	public boolean retryable() {
		return UNAVAILABLE.equals(this.reason);
	}

}

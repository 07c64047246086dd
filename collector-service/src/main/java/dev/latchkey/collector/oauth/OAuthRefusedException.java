package dev.latchkey.collector.oauth;

/**
 * A connect or callback refused before anything was published; the detail is fixed text.
 */
public class OAuthRefusedException extends RuntimeException {

	public enum Kind {

		UNKNOWN_PROVIDER, INVALID_REQUEST, CLIENT_NOT_CONFIGURED, INVALID_STATE

	}

	private final Kind kind;

	public OAuthRefusedException(Kind kind, String detail) {
		super(detail, null, false, false);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

}

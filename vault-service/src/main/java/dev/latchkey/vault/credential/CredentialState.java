package dev.latchkey.vault.credential;

/** The state of an integration's current credential version. */
public enum CredentialState {

	/** A new version is stored and waits for the scanner. */
	PENDING_VERIFICATION,

	/** The platform accepted the current version. */
	ACTIVE,

	/** The platform rejected the current version. */
	INVALID,

	/** The current version could not be verified. */
	ERROR,

	/**
	 * The platform refused to refresh the OAuth tokens (revoked, {@code invalid_grant}):
	 * only the user connecting again helps.
	 */
	REAUTH_REQUIRED,

	/** The access token is past its expiry and there is no way to refresh it. */
	EXPIRED,
	/**
	 * The tenant deleted the integration: no secret is kept (the envelope is gone and
	 * every version's data key destroyed), the status topic holds a tombstone. Never
	 * published; a later submission starts the integration again at the next version.
	 */
	DELETED

}

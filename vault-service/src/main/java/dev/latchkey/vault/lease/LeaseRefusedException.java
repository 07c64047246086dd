package dev.latchkey.vault.lease;

/** A request that was not granted; the message is for the log, never for the caller. */
class LeaseRefusedException extends RuntimeException {

	private final Reason reason;

	LeaseRefusedException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	LeaseRefusedException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	Reason reason() {
		return this.reason;
	}

	enum Reason {

		/**
		 * The purpose, or the provider for that purpose, is outside the consumer's scope.
		 */
		OUT_OF_SCOPE,

		/** No such integration for this tenant. */
		NOT_FOUND,

		/** The audit record could not be written, so nothing was leased. */
		AUDIT_UNAVAILABLE,

		/** The stored credential failed authentication when opened. */
		INTEGRITY_FAILURE

	}

}

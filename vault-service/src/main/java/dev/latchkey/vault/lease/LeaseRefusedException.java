package dev.latchkey.vault.lease;

/** A lease that was not granted; the message is safe to show the caller. */
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

		/** The consumer is not registered. */
		UNKNOWN_CONSUMER,

		/** No such integration for this tenant. */
		NOT_FOUND,

		/** The audit record could not be written, so nothing was leased. */
		AUDIT_UNAVAILABLE,

		/** The stored credential failed authentication when opened. */
		INTEGRITY_FAILURE

	}

}

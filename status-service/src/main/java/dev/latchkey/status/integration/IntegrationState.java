package dev.latchkey.status.integration;

/**
 * Where an integration stands; only {@link #ACTIVE} is configured and usable.
 * {@link #REAUTH_REQUIRED} and {@link #EXPIRED} come from OAuth integrations whose grant
 * was revoked or ran out: someone must connect again.
 */
enum IntegrationState {

	PENDING_VERIFICATION, ACTIVE, INVALID, ERROR, REAUTH_REQUIRED, EXPIRED;

	static IntegrationState of(String name) {
		for (IntegrationState state : values()) {
			if (state.name().equals(name)) {
				return state;
			}
		}
		throw new UnknownStateException(name);
	}

	/**
	 * A state this service does not know: the record will not become understandable by
	 * retrying, so it is dead-lettered.
	 */
	static final class UnknownStateException extends IllegalArgumentException {

		UnknownStateException(String name) {
			super("Unknown integration state '" + name + "'");
		}

	}

}

package dev.latchkey.status.integration;

/** Where an integration stands; only {@link #ACTIVE} is configured and usable. */
enum IntegrationState {

	PENDING_VERIFICATION, ACTIVE, INVALID, ERROR;

	static IntegrationState of(String name) {
		for (IntegrationState state : values()) {
			if (state.name().equals(name)) {
				return state;
			}
		}
		throw new IllegalArgumentException("Unknown integration state '" + name + "'");
	}

}

package dev.latchkey.vault.credential;

/**
 * The collector gave up refreshing one version's OAuth tokens.
 *
 * @param state {@link CredentialState#REAUTH_REQUIRED} or {@link CredentialState#EXPIRED}
 */
record RefreshFailure(String eventId, String tenantId, String integrationId, long version, CredentialState state,
		String reason) {

	RefreshFailure {
		if (state != CredentialState.REAUTH_REQUIRED && state != CredentialState.EXPIRED) {
			throw new RejectedEventException("A refresh failure cannot move an integration to " + state);
		}
	}

}

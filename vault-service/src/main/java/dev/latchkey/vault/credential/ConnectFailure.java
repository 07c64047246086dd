package dev.latchkey.vault.credential;

/** An OAuth connect that produced no tokens, with the collector's reason code. */
record ConnectFailure(String eventId, String tenantId, String integrationId, String provider, String name,
		String reason) {

}

package dev.latchkey.vault.credential;

/** The credential changed between read and write; retrying the event resolves it. */
class ConcurrentUpdateException extends RuntimeException {

	ConcurrentUpdateException(String integrationId) {
		super("Credential of integration " + integrationId + " changed concurrently");
	}

}

package dev.latchkey.collector.credential;

/** The broker did not acknowledge a credential in time, or refused it. */
class PublishFailedException extends RuntimeException {

	PublishFailedException(String integrationId, Throwable cause) {
		super("Could not publish the credential of " + integrationId, cause);
	}

}

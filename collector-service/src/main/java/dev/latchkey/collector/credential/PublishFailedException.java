package dev.latchkey.collector.credential;

/**
 * The broker did not acknowledge a credential in time, or refused it. The event may still
 * arrive late, so the answer tells the client how to retry without a second version.
 */
class PublishFailedException extends RuntimeException {

	/** How the client can submit again. */
	enum Retry {

		/** With the idempotency key it sent: the retry publishes the same event. */
		WITH_SAME_KEY,

		/** With the key the collector generated and reserved for it. */
		WITH_GENERATED_KEY,

		/** No key could be reserved: a retry may make one extra version. */
		WITHOUT_KEY

	}

	private final Retry retry;

	private final IdempotencyKey generatedKey;

	PublishFailedException(String integrationId, Throwable cause, Retry retry, IdempotencyKey generatedKey) {
		super("Could not publish the credential of " + integrationId, cause);
		if ((retry == Retry.WITH_GENERATED_KEY) != (generatedKey != null)) {
			throw new IllegalArgumentException("A generated key goes with WITH_GENERATED_KEY only");
		}
		this.retry = retry;
		this.generatedKey = generatedKey;
	}

	Retry retry() {
		return this.retry;
	}

	/** The key to resubmit with, when the collector made one; {@code null} otherwise. */
	IdempotencyKey generatedKey() {
		return this.generatedKey;
	}

}

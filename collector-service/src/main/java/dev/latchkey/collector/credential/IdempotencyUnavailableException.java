package dev.latchkey.collector.credential;

/**
 * The idempotency records could not be read or written before publishing, so nothing was
 * published.
 */
class IdempotencyUnavailableException extends RuntimeException {

	IdempotencyUnavailableException(Throwable cause) {
		super("Idempotency records unavailable", cause);
	}

}

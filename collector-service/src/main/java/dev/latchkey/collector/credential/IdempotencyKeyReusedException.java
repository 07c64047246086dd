package dev.latchkey.collector.credential;

/** An idempotency key already used for a different submission. */
class IdempotencyKeyReusedException extends RuntimeException {

	IdempotencyKeyReusedException() {
		super("Idempotency key reused for a different submission");
	}

}

package dev.latchkey.collector.credential;

import java.time.Duration;

/** The first request with this idempotency key is still being processed. */
class IdempotencyKeyInUseException extends RuntimeException {

	private final Duration retryAfter;

	IdempotencyKeyInUseException(Duration retryAfter) {
		super("A request with this idempotency key is in progress");
		this.retryAfter = retryAfter;
	}

	/** When the running attempt has finished or its lock has run out. */
	Duration retryAfter() {
		return this.retryAfter;
	}

}

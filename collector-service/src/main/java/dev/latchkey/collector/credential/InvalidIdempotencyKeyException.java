package dev.latchkey.collector.credential;

/** A malformed {@code Idempotency-Key} header; the message never quotes it. */
class InvalidIdempotencyKeyException extends RuntimeException {

	InvalidIdempotencyKeyException(String problem) {
		super(IdempotencyKey.HEADER + " " + problem);
	}

}

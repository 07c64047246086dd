package dev.latchkey.vault.credential;

/** An event that can never be applied, however often it is retried. */
public class RejectedEventException extends RuntimeException {

	RejectedEventException(String message) {
		super(message);
	}

}

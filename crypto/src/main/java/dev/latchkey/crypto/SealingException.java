package dev.latchkey.crypto;

/**
 * A seal, open or key operation failed. The message never contains key material or
 * plaintext.
 */
public class SealingException extends RuntimeException {

	public SealingException(String message, Throwable cause) {
		super(message, cause);
	}

	public SealingException(String message) {
		super(message);
	}

}

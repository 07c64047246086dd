package dev.latchkey.vaultclient;

/** The vault could not be reached or failed to answer; asking again later may help. */
public class VaultUnavailableException extends RuntimeException {

	public VaultUnavailableException(String message) {
		super(message);
	}

	public VaultUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}

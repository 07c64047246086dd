package dev.latchkey.vaultclient;

/**
 * The vault refused the request for good: the integration is unknown, another tenant's,
 * or outside this consumer's scope, or this consumer's signature did not verify. The
 * vault answers all of these alike (so that no caller learns which integrations exist);
 * its audit and log say which it was.
 */
public class VaultRefusedException extends RuntimeException {

	private final int status;

	public VaultRefusedException(int status) {
		super("The vault refused the request with status " + status);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

}

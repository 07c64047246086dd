package dev.latchkey.scanner.lease;

/**
 * The vault refused the lease: this scanner is not a registered consumer (403) or the
 * integration is unknown to it (404).
 */
public class LeaseRefusedException extends RuntimeException {

	private final int status;

	public LeaseRefusedException(int status) {
		super("The vault refused the lease with status " + status);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

}

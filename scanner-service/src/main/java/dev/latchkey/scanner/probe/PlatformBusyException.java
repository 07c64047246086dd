package dev.latchkey.scanner.probe;

import java.time.Instant;

/**
 * The platform's limits leave no room for a probe soon enough (a long 429 pause, a deep
 * queue): the scan is put back and tried again at {@link #until()}. Not a failure of the
 * credential.
 */
public class PlatformBusyException extends RuntimeException {

	private final Instant until;

	public PlatformBusyException(String provider, Instant until) {
		super("Platform " + provider + " is busy until " + until, null, false, false);
		this.until = until;
	}

	public Instant until() {
		return this.until;
	}

}

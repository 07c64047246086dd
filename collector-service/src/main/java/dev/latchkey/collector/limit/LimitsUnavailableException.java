package dev.latchkey.collector.limit;

/** The integrations of a tenant could not be read or written (MongoDB). */
public class LimitsUnavailableException extends RuntimeException {

	LimitsUnavailableException(Throwable cause) {
		super("The tenant's integrations could not be counted: " + cause.getClass().getSimpleName(), null, false,
				false);
	}

}

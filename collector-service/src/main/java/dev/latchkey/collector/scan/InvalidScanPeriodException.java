package dev.latchkey.collector.scan;

/** A scan period that is not one: its message names the rule, never the value sent. */
public class InvalidScanPeriodException extends RuntimeException {

	InvalidScanPeriodException(String rule) {
		super("every " + rule, null, false, false);
	}

}

package dev.latchkey.collector.scan;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads a scan period a tenant chose (on submission or through the schedule API): an
 * ISO-8601 duration in whole seconds within the configured bounds.
 */
@Component
public class ScanPeriods {

	private final Duration min;

	private final Duration max;

	@Autowired
	ScanPeriods(ScanProperties properties) {
		this(properties.scan().minEvery(), properties.scan().maxEvery());
	}

	/** Periods from {@code min} to {@code max}, both included. */
	public ScanPeriods(Duration min, Duration max) {
		this.min = min;
		this.max = max;
	}

	/**
	 * @param every e.g. {@code PT6H}, {@code P1D}
	 * @return the period
	 * @throws InvalidScanPeriodException when it is missing, not an ISO-8601 duration,
	 * not whole seconds, or outside the bounds
	 */
	public Duration parse(String every) {
		if (every == null || every.length() > 64) {
			throw new InvalidScanPeriodException(rule());
		}
		Duration period;
		try {
			period = Duration.parse(every);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidScanPeriodException(rule());
		}
		if (period.getNano() != 0 || period.compareTo(this.min) < 0 || period.compareTo(this.max) > 0) {
			throw new InvalidScanPeriodException(rule());
		}
		return period;
	}

	/** What a period must be, naming the bounds (never the value sent). */
	public String rule() {
		return "must be an ISO-8601 duration in whole seconds from " + this.min + " to " + this.max
				+ " (e.g. PT6H, P1D)";
	}

}

package dev.latchkey.scanner.probe;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** {@code Retry-After}: delay seconds or an HTTP date; absent or unreadable = 1 s. */
final class RetryAfter {

	static final Duration DEFAULT = Duration.ofSeconds(1);

	/**
	 * Longer pauses are not believed: a platform's mistake must not stop scans for days.
	 */
	static final Duration MAX = Duration.ofHours(1);

	private RetryAfter() {
	}

	static Instant parse(String value, Instant now) {
		Duration delay = DEFAULT;
		if (value != null && !value.isBlank()) {
			try {
				delay = Duration.ofSeconds(Long.parseLong(value.trim()));
			}
			catch (NumberFormatException notSeconds) {
				try {
					delay = Duration.between(now,
							ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
				}
				catch (RuntimeException notADate) {
					delay = DEFAULT;
				}
			}
		}
		if (delay.isNegative()) {
			delay = Duration.ZERO;
		}
		return now.plus((delay.compareTo(MAX) > 0) ? MAX : delay);
	}

}

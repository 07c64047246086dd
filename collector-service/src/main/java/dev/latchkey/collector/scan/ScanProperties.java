package dev.latchkey.collector.scan;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * On-demand scans and scan periods.
 *
 * @param publishTimeout how long a scan request waits for the broker's acknowledgement
 * before it is answered 503: the same {@code latchkey.collector.publish-timeout} as
 * submissions
 * @param scan the bounds of a scan period a tenant may choose
 */
@ConfigurationProperties("latchkey.collector")
record ScanProperties(@DefaultValue("10s") Duration publishTimeout, @DefaultValue Bounds scan) {

	ScanProperties {
		if (publishTimeout.isNegative() || publishTimeout.isZero()) {
			throw new IllegalStateException("latchkey.collector.publish-timeout must be positive");
		}
	}

	/**
	 * @param minEvery the shortest period ({@code LATCHKEY_COLLECTOR_SCAN_MIN_EVERY})
	 * @param maxEvery the longest period ({@code LATCHKEY_COLLECTOR_SCAN_MAX_EVERY})
	 */
	record Bounds(@DefaultValue("15m") Duration minEvery, @DefaultValue("30d") Duration maxEvery) {

		Bounds {
			if (minEvery.getSeconds() < 1 || maxEvery.compareTo(minEvery) < 0) {
				throw new IllegalStateException(
						"latchkey.collector.scan.min-every must be at least 1s and max-every at least min-every");
			}
		}

	}

}

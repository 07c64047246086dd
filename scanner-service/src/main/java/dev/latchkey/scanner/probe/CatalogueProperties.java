package dev.latchkey.scanner.probe;

import java.util.Map;

import dev.latchkey.catalogue.Scan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-provider replacements of catalogue data: the probe base URL, e.g. to point the demo
 * provider at a locally running platform, and the fleet-wide rate limit.
 *
 * @param baseUrls provider id → base URL; a blank value means no override
 * @param rateLimits provider id → limit replacing the catalogue's {@code scan.rateLimit}
 */
@ConfigurationProperties("latchkey.catalogue")
public record CatalogueProperties(@DefaultValue Map<String, String> baseUrls,
		@DefaultValue Map<String, RateLimit> rateLimits) {

	String baseUrlOf(String provider) {
		String url = this.baseUrls.get(provider);
		return (url != null && !url.isBlank()) ? url : null;
	}

	Scan.RateLimit rateLimitOf(String provider) {
		RateLimit limit = this.rateLimits.get(provider);
		return (limit != null) ? new Scan.RateLimit(limit.perSecond(), limit.concurrency()) : null;
	}

	/**
	 * @param perSecond requests per second across the fleet, 0 = no limit
	 * @param concurrency requests in flight across the fleet, 0 = no limit
	 */
	public record RateLimit(@DefaultValue("0") double perSecond, @DefaultValue("0") int concurrency) {
	}

}

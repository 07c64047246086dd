package dev.latchkey.scanner.probe;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Verifiers over real HTTP, for tests outside this package. */
public final class TestVerifiers {

	private TestVerifiers() {
	}

	/**
	 * @param baseUrls provider id → base URL of the platform to probe
	 */
	public static PlatformVerifier overHttp(Duration timeout, Map<String, String> baseUrls) {
		return overHttp(timeout, baseUrls, PlatformLimits.NONE, Clock.systemUTC());
	}

	public static PlatformVerifier overHttp(Duration timeout, Map<String, String> baseUrls, PlatformLimits limits,
			Clock clock) {
		return new PlatformVerifier(new WebClientProbeTransport(timeout), new CatalogueProperties(baseUrls, Map.of()),
				limits, clock);
	}

}

package dev.latchkey.scanner.probe;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.latchkey.scanner.ScannerProperties;

import org.springframework.data.mongodb.core.ReactiveMongoOperations;

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

	/** The demo provider at this URL, under fleet-wide limits kept in this MongoDB. */
	public static PlatformVerifier overMongoLimits(Duration timeout, String demoUrl, int perSecond, int concurrency,
			ReactiveMongoOperations mongo, Clock clock, ScannerProperties properties) {
		return new PlatformVerifier(new WebClientProbeTransport(timeout),
				new CatalogueProperties(Map.of("demo", demoUrl),
						Map.of("demo", new CatalogueProperties.RateLimit(perSecond, concurrency))),
				new MongoPlatformLimits(mongo, clock, properties), clock);
	}

	/** Probes this verifier did not send because they were late for their rate slot. */
	public static long lateProbes(PlatformVerifier verifier) {
		return verifier.lateProbes();
	}

	public static PlatformVerifier overHttp(Duration timeout, Map<String, String> baseUrls, PlatformLimits limits,
			Clock clock) {
		return new PlatformVerifier(new WebClientProbeTransport(timeout), new CatalogueProperties(baseUrls, Map.of()),
				limits, clock);
	}

}

package dev.latchkey.collector.credential;

import java.time.Duration;

/** Collector settings for tests: the defaults, with the timeouts a test needs. */
final class TestProperties {

	static final Duration RETENTION = Duration.ofHours(24);

	static final Duration STORE_TIMEOUT = Duration.ofMillis(500);

	private TestProperties() {
	}

	/** The default lock: publish timeout plus twice the store timeout. */
	static CredentialProperties withPublishTimeout(Duration publishTimeout) {
		return new CredentialProperties(publishTimeout,
				new CredentialProperties.Idempotency(RETENTION, null, STORE_TIMEOUT));
	}

}

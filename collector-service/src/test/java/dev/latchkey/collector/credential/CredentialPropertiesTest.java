package dev.latchkey.collector.credential;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CredentialPropertiesTest {

	@Test
	void theLockOutlastsOneAttemptByDefault() {
		CredentialProperties properties = new CredentialProperties(Duration.ofSeconds(10),
				new CredentialProperties.Idempotency(Duration.ofHours(24), null, Duration.ofSeconds(5)));

		assertThat(properties.idempotency().lock()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void aLockNoLongerThanThePublishTimeoutIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new CredentialProperties(Duration.ofSeconds(10),
					new CredentialProperties.Idempotency(Duration.ofHours(24), Duration.ofSeconds(10),
							Duration.ofSeconds(5))))
			.withMessageContaining("idempotency.lock");
	}

	@Test
	void aZeroRetentionIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new CredentialProperties.Idempotency(Duration.ZERO, null, Duration.ofSeconds(5)));
	}

}

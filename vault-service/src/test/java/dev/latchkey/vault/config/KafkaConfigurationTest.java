package dev.latchkey.vault.config;

import dev.latchkey.crypto.SealingException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConfigurationTest {

	@Test
	void reason_namesTheFailureBehindTheListenerWrapper() {
		Exception failure = new ListenerExecutionFailedException("Listener method threw",
				new SealingException("Cannot open sealed data for submission[t1, int_a, e1]",
						new java.security.GeneralSecurityException("decryption failed")));

		assertThat(KafkaConfiguration.reason(failure))
			.isEqualTo("dev.latchkey.crypto.SealingException: Cannot open sealed data for submission[t1, int_a, e1]"
					+ " (root cause java.security.GeneralSecurityException)");
	}

	@Test
	void reason_isBounded() {
		assertThat(KafkaConfiguration.reason(new IllegalStateException("x".repeat(2000)))).hasSize(500);
	}

}

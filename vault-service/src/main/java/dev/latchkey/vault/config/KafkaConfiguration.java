package dev.latchkey.vault.config;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.kafka.PoisonRecords;
import dev.latchkey.vault.credential.RejectedEventException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the vault's listeners can never process, on top of unreadable records: a sealed
 * payload that does not open, an event that contradicts what is stored. The shared policy
 * of kafka-support dead-letters these at once and waits out everything else.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	PoisonRecords vaultPoisonRecords() {
		return PoisonRecords.of(SealingException.class, RejectedEventException.class);
	}

}

package dev.latchkey.status.integration;

import dev.latchkey.kafka.PoisonRecords;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A status in a state this service does not know is dead-lettered; everything else is
 * waited out by the shared policy of kafka-support.
 */
@Configuration(proxyBeanMethods = false)
class PoisonRecordsConfiguration {

	@Bean
	PoisonRecords statusPoisonRecords() {
		return PoisonRecords.of(IntegrationState.UnknownStateException.class);
	}

}

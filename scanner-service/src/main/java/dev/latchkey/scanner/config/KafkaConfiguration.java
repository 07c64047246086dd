package dev.latchkey.scanner.config;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.kafka.PoisonRecords;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A lease that does not open will not open on a retry either; everything else (an
 * unreachable vault above all) is waited out by the shared policy of kafka-support.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	PoisonRecords scannerPoisonRecords() {
		return PoisonRecords.of(SealingException.class);
	}

}

package dev.latchkey.scanner.config;

import java.util.Map;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Failures of the status listener (typically an unreachable vault) are retried with a
 * bounded back-off, then dead-lettered. Topics this service produces to are declared with
 * the broker's defaults.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration implements DisposableBean {

	static final int MAX_RETRIES = 4;

	private DefaultKafkaProducerFactory<String, byte[]> deadLetterProducers;

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaProperties properties) {
		Map<String, Object> producer = properties.buildProducerProperties();
		// Not a bean: a second producer factory would switch off Boot's own.
		this.deadLetterProducers = new DefaultKafkaProducerFactory<>(producer, new StringSerializer(),
				new ByteArraySerializer());
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(MAX_RETRIES);
		backOff.setInitialInterval(500);
		backOff.setMultiplier(2);
		backOff.setMaxInterval(5_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(
				new DeadLetterRecoverer(new KafkaTemplate<>(this.deadLetterProducers)), backOff);
		// A lease that does not open will not open on a retry either.
		handler.addNotRetryableExceptions(SealingException.class);
		return handler;
	}

	@Bean
	NewTopic scanCompletedTopic() {
		return TopicBuilder.name(Topics.SCAN_COMPLETED).build();
	}

	@Bean
	NewTopic integrationStatusDeadLetterTopic() {
		return TopicBuilder.name(Topics.deadLetterOf(Topics.INTEGRATION_STATUS)).build();
	}

	@Override
	public void destroy() {
		if (this.deadLetterProducers != null) {
			this.deadLetterProducers.destroy();
		}
	}

}

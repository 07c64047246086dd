package dev.latchkey.status.config;

import java.util.Map;

import dev.latchkey.schemas.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A status event that cannot be applied is retried a few times (unreadable ones and
 * unknown states not at all), then parked on the dead letter topic: the bytes that
 * arrived when they could not be read, otherwise no value; the reason in headers.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final long RETRY_INTERVAL_MS = 500;

	private static final long RETRIES = 3;

	@Bean
	DefaultKafkaProducerFactory<byte[], byte[]> deadLetterProducerFactory(KafkaProperties properties) {
		Map<String, Object> producer = properties.buildProducerProperties();
		return new DefaultKafkaProducerFactory<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
	}

	@Bean
	KafkaTemplate<byte[], byte[]> deadLetterTemplate(DefaultKafkaProducerFactory<byte[], byte[]> producers) {
		return new KafkaTemplate<>(producers);
	}

	@Bean
	DefaultErrorHandler errorHandler(KafkaTemplate<byte[], byte[]> deadLetterTemplate) {
		RawDeadLetterRecoverer recoverer = new RawDeadLetterRecoverer(deadLetterTemplate,
				(record, ex) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(RETRY_INTERVAL_MS, RETRIES));
		// A status this service does not understand will not become understandable by
		// retrying.
		handler.addNotRetryableExceptions(IllegalArgumentException.class);
		handler.setRetryListeners(new FailureLog());
		return handler;
	}

	/**
	 * Logs where a failed record is and what kind of failure it met, never its content
	 * nor the exception message, which may quote it.
	 */
	static class FailureLog implements RetryListener {

		private static final Log logger = LogFactory.getLog(FailureLog.class);

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int deliveryAttempt) {
			logger.warn("Attempt " + deliveryAttempt + " to apply " + where(record) + " failed: " + kind(ex));
		}

		@Override
		public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception ex) {
			logger.warn(
					"Dead-lettered " + where(record) + " to " + Topics.deadLetterOf(record.topic()) + ": " + kind(ex));
		}

		@Override
		public void recoveryFailed(ConsumerRecord<?, ?> record, @Nullable Exception original, Exception failure) {
			logger.error("Could not dead-letter " + where(record) + ": " + kind(failure));
		}

		private static String where(ConsumerRecord<?, ?> record) {
			return record.topic() + "-" + record.partition() + "@" + record.offset();
		}

		private static String kind(@Nullable Exception ex) {
			return (ex != null) ? NestedExceptionUtils.getMostSpecificCause(ex).getClass().getName() : "unknown";
		}

	}

}

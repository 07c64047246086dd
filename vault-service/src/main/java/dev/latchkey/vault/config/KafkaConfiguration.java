package dev.latchkey.vault.config;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.schemas.Topics;
import dev.latchkey.vault.credential.RejectedEventException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Failure handling of every listener: a few spaced retries, then the record goes to its
 * topic's dead-letter topic with the reason in headers, and the listener moves on.
 * Undecryptable, malformed and rejected events go there at once.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(KafkaConfiguration.class);

	/** Header carrying why a record was dead-lettered: exception class and message. */
	static final String REASON_HEADER = "latchkey-dlt-reason";

	private static final long RETRY_INTERVAL_MILLIS = 1000;

	private static final long RETRIES = 3;

	private static final int MAX_REASON_LENGTH = 500;

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> kafka,
			ProducerFactory<Object, Object> producers) {
		// Records that could not be deserialized are dead-lettered as their original
		// bytes; everything else as the record it was.
		KafkaTemplate<Object, Object> raw = new KafkaTemplate<>(producers.copyWithConfigurationOverride(
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, raw);
		templates.put(Object.class, kafka);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
				(record, ex) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
		// Stack traces add nothing an operator needs in a dead letter.
		recoverer.excludeHeader(HeadersToAdd.EX_STACKTRACE);
		recoverer.addHeadersFunction(
				(record, ex) -> new RecordHeaders().add(REASON_HEADER, reason(ex).getBytes(StandardCharsets.UTF_8)));
		ConsumerAwareRecordRecoverer logged = (record, consumer, ex) -> {
			logger.warn("Dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
					record.key(), reason(ex));
			recoverer.accept(record, consumer, ex);
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(logged, new FixedBackOff(RETRY_INTERVAL_MILLIS, RETRIES));
		handler.addNotRetryableExceptions(SealingException.class, RejectedEventException.class);
		return handler;
	}

	@Bean
	KafkaAdmin.NewTopics vaultTopics() {
		return new KafkaAdmin.NewTopics(TopicBuilder.name(Topics.INTEGRATION_STATUS).compact().build(),
				deadLetterTopic(Topics.CREDENTIAL_RECEIVED), deadLetterTopic(Topics.SCAN_COMPLETED));
	}

	private static NewTopic deadLetterTopic(String topic) {
		return TopicBuilder.name(Topics.deadLetterOf(topic)).build();
	}

	/**
	 * The failure as class and message, past the listener wrapper. Messages of this
	 * service's exceptions name ids only, never a secret value.
	 */
	static String reason(Throwable failure) {
		Throwable reason = failure;
		while (reason instanceof ListenerExecutionFailedException && reason.getCause() != null) {
			reason = reason.getCause();
		}
		Throwable root = reason;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = reason.getClass().getName() + ": " + reason.getMessage();
		if (root != reason) {
			text += " (root cause " + root.getClass().getName() + ")";
		}
		return (text.length() > MAX_REASON_LENGTH) ? text.substring(0, MAX_REASON_LENGTH) : text;
	}

}

package dev.latchkey.scanner.config;

import java.nio.charset.StandardCharsets;

import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Sends a record that could not be processed to {@code <topic>.dlt}, keyed as before. The
 * value is the original bytes when they could not be deserialized and empty otherwise, so
 * nothing decrypted ever reaches a dead letter; the reason travels in headers.
 */
class DeadLetterRecoverer extends DeadLetterPublishingRecoverer {

	static final String REASON_HEADER = "latchkey-dlt-reason";

	DeadLetterRecoverer(KafkaOperations<String, byte[]> template) {
		super(template, (record, ex) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
		setHeadersFunction((record, ex) -> {
			Throwable cause = (ex instanceof ListenerExecutionFailedException && ex.getCause() != null) ? ex.getCause()
					: ex;
			Headers headers = new RecordHeaders();
			headers.add(REASON_HEADER,
					(cause.getClass().getSimpleName() + ": " + cause.getMessage()).getBytes(StandardCharsets.UTF_8));
			return headers;
		});
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		return new ProducerRecord<>(topicPartition.topic(), null, record.key(), value, headers);
	}

}

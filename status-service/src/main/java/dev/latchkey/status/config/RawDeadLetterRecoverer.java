package dev.latchkey.status.config;

import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Dead-letters the bytes that arrived when the value could not be deserialized, and no
 * value otherwise: a dead letter never re-serializes what was read, and carries the
 * reason only in headers.
 */
class RawDeadLetterRecoverer extends DeadLetterPublishingRecoverer {

	RawDeadLetterRecoverer(KafkaOperations<byte[], byte[]> template,
			BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination) {
		super(template, destination);
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		Object originalKey = (key != null) ? key : record.key();
		byte[] rawKey = (originalKey instanceof String text) ? text.getBytes(StandardCharsets.UTF_8)
				: (originalKey instanceof byte[] bytes) ? bytes : null;
		return new ProducerRecord<>(topicPartition.topic(),
				(topicPartition.partition() < 0) ? null : topicPartition.partition(), rawKey, value, headers);
	}

}

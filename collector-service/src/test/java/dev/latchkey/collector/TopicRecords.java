package dev.latchkey.collector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.local.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads raw records from the shared broker, as the tests need to see the wire bytes. */
final class TopicRecords {

	private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(60);

	private TopicRecords() {
	}

	/** The first record on {@code topic} keyed by the integration id, waiting for it. */
	static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String integrationId) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + RECORD_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (integrationId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("No record for " + integrationId + " on " + topic);
	}

	/**
	 * Every record on {@code topic} keyed by the integration id, up to the end of each
	 * partition as it is now.
	 */
	static List<ConsumerRecord<byte[], byte[]>> recordsNow(String topic, String integrationId) {
		List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + RECORD_TIMEOUT.toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("Could not read " + topic + " to its end");
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (integrationId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
						found.add(record);
					}
				}
			}
		}
		return found;
	}

	private static Map<String, Object> config() {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrapServers(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
	}

}

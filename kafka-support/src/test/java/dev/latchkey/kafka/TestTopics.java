package dev.latchkey.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A test's own topic and its dead-letter topic on the shared broker, and what they hold.
 */
final class TestTopics {

	private TestTopics() {
	}

	/** Creates {@code topic} with {@code partitions} and its {@code .dlt} with one. */
	static void createWithDeadLetters(String bootstrapServers, String topic, int partitions) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1),
					new NewTopic(DeadLetters.destinationOf(topic), 1, (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * Every record of {@code topic}'s dead-letter topic, raw, read for 5 s from the
	 * start.
	 */
	static List<ConsumerRecord<String, byte[]>> deadLetters(String bootstrapServers, String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, UUID.randomUUID().toString());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(DeadLetters.destinationOf(topic)));
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			Instant until = Instant.now().plusSeconds(5);
			while (Instant.now().isBefore(until)) {
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
			}
			return records;
		}
	}

}

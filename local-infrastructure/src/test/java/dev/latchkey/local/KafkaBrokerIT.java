package dev.latchkey.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerIT {

	@Test
	void deliversProducedRecordsToAConsumerGroup(@TempDir Path dataDir) throws Exception {
		try (KafkaBroker broker = KafkaBroker.start(dataDir, 0)) {
			produce(broker, "credential-received", "integration-1", "first", "second");

			assertThat(consume(broker, "credential-received", 2)).containsExactly("first", "second");
			assertThat(partitionCount(broker, "credential-received")).isEqualTo(3);
		}
	}

	@Test
	void keepsTopicsAndRecordsAcrossRestartOnTheSameDirectory(@TempDir Path dataDir) throws Exception {
		try (KafkaBroker broker = KafkaBroker.start(dataDir, 0)) {
			produce(broker, "scan-completed", "scan-1", "before restart");
		}
		try (KafkaBroker broker = KafkaBroker.start(dataDir, 0)) {
			try (Admin admin = admin(broker)) {
				assertThat(admin.listTopics().names().get()).contains("scan-completed");
			}
			produce(broker, "scan-completed", "scan-1", "after restart");

			assertThat(consume(broker, "scan-completed", 2)).containsExactly("before restart", "after restart");
		}
	}

	@Test
	void startsOnTheRequestedPort(@TempDir Path dataDir) {
		int port = FreePort.pick();
		try (KafkaBroker broker = KafkaBroker.start(dataDir, port)) {
			assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
		}
	}

	private static void produce(KafkaBroker broker, String topic, String key, String... values) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(topic, key, value)).get();
			}
		}
	}

	private static List<String> consume(KafkaBroker broker, String topic, int expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest");
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (values.size() < expected && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
			}
			consumer.commitSync();
		}
		return values;
	}

	private static int partitionCount(KafkaBroker broker, String topic) throws Exception {
		try (Admin admin = admin(broker)) {
			return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
		}
	}

	private static Admin admin(KafkaBroker broker) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
	}

}

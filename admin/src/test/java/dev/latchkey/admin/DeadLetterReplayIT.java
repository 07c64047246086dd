package dev.latchkey.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.latchkey.kafka.DeadLetters;
import dev.latchkey.local.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's replay on a real broker: a dry run counts per reason and sends nothing;
 * a replay sends each dead letter's key and original bytes back once; a second replay
 * sends nothing more.
 */
class DeadLetterReplayIT {

	private static final String TOPIC = "replay-test-" + UUID.randomUUID().toString().substring(0, 8);

	private static SharedInfrastructure infra;

	@BeforeAll
	static void topics() throws Exception {
		infra = SharedInfrastructure.get();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic(TOPIC + ".dlt", 1, (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void dryRunCounts_replaySendsEachOnce_secondReplaySendsNothing() throws Exception {
		deadLetter("int_a", new byte[] { 0, 0, 0, 0, 7, 1 }, "DeserializationException: registry said 404");
		deadLetter("int_b", new byte[] { 0, 0, 0, 0, 7, 2 }, "DeserializationException: registry said 404");
		deadLetter("int_c", new byte[] { 0, 0, 0, 0, 7, 3 }, "SealingException: submission[t, int_c, e]");

		String dryRun = replay("--dry-run");
		assertThat(dryRun).contains("would replay 3 to " + TOPIC)
			.contains("2 × DeserializationException: registry said 404")
			.contains("1 × SealingException");
		assertThat(records(TOPIC)).isEmpty();

		assertThat(replay()).contains("replayed 3 to " + TOPIC);
		List<ConsumerRecord<String, byte[]>> replayed = records(TOPIC);
		assertThat(replayed).extracting(ConsumerRecord::key).containsExactly("int_a", "int_b", "int_c");
		assertThat(replayed.get(2).value()).containsExactly(0, 0, 0, 0, 7, 3);
		assertThat(replayed.get(0).headers().lastHeader(DeadLetterReplay.REPLAYED_FROM_HEADER)).isNotNull();

		assertThat(replay()).contains("Total: 0 replayed");
		assertThat(records(TOPIC)).hasSize(3);
	}

	private static String replay(String... extra) {
		List<String> args = new ArrayList<>(
				List.of("replay-dead-letters", "--bootstrap-servers", infra.kafkaBootstrapServers(), "--topic", TOPIC));
		args.addAll(List.of(extra));
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		java.io.PrintStream original = System.out;
		System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
		try {
			assertThat(LatchkeyAdmin.run(args.toArray(String[]::new))).isZero();
		}
		finally {
			System.setOut(original);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static void deadLetter(String key, byte[] value, String reason) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC + ".dlt", key, value);
			record.headers().add(DeadLetters.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
			record.headers().add("kafka_dlt-original-topic", TOPIC.getBytes(StandardCharsets.UTF_8));
			producer.send(record).get();
		}
	}

	private static List<ConsumerRecord<String, byte[]>> records(String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, UUID.randomUUID().toString());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			Instant until = Instant.now().plusSeconds(4);
			while (Instant.now().isBefore(until)) {
				consumer.poll(Duration.ofMillis(300)).forEach(records::add);
			}
			return records;
		}
	}

}

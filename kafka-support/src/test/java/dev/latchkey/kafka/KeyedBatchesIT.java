package dev.latchkey.kafka;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.ScanCompleted;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch listener under the shared policy on a real broker: many versions of many keys,
 * interleaved across partitions, applied concurrently with failures that force
 * redelivery. Every key ends at its last version, versions are applied in order (never
 * one before its predecessor), redelivered ones are recognised, and a poison record is
 * dead-lettered while every other record goes through.
 */
class KeyedBatchesIT {

	private static final String TOPIC = "keyed-batches-test";

	private static final int KEYS = 40;

	private static final int VERSIONS = 25;

	private static SharedInfrastructure infra;

	private static ConfigurableApplicationContext service;

	@BeforeAll
	static void start() throws Exception {
		infra = SharedInfrastructure.get();
		TestTopics.createWithDeadLetters(infra.kafkaBootstrapServers(), TOPIC, 3);
		service = new SpringApplicationBuilder(Applying.class).web(org.springframework.boot.WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
					"--spring.kafka.properties.apicurio.registry.url=" + infra.registryUrl(),
					"--spring.kafka.consumer.max-poll-records=200", "--latchkey.kafka.retry-initial-interval=50ms",
					"--latchkey.kafka.retry-max-interval=200ms", "--latchkey.kafka.batch-concurrency=16");
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Test
	void versionsOfEachKeyAreAppliedInOrderAndOnce_underConcurrencyFailuresAndRedelivery() throws Exception {
		Applying applying = service.getBean(Applying.class);
		List<ProducerRecord<String, Object>> records = new ArrayList<>();
		for (int version = 1; version <= VERSIONS; version++) {
			for (int key = 0; key < KEYS; key++) {
				records.add(new ProducerRecord<>(TOPIC, "int_" + key, scan("int_" + key, version, "VALID")));
			}
			if (version == VERSIONS / 2) {
				records.add(new ProducerRecord<>(TOPIC, "int_poison", scan("int_poison", 1, "POISON")));
			}
		}
		produce(records);

		Instant deadline = Instant.now().plusSeconds(120);
		while (!applying.allAt(VERSIONS) && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
		}
		assertThat(applying.outOfOrder).isEmpty();
		assertThat(applying.latest).hasSize(KEYS);
		assertThat(Set.copyOf(applying.latest.values())).containsExactly(VERSIONS);
		assertThat(applying.failed.get()).as("failures were injected").isPositive();
		assertThat(applying.redelivered.get()).as("failed batches were delivered again").isPositive();
		List<ConsumerRecord<String, byte[]>> dead = deadLetters();
		assertThat(dead).extracting(ConsumerRecord::key).containsExactly("int_poison");
	}

	private static ScanCompleted scan(String integrationId, long version, String outcome) {
		return ScanCompleted.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId("t1")
			.setIntegrationId(integrationId)
			.setProvider("demo")
			.setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
			.setVersion(version)
			.setOutcome(outcome)
			.setLatencyMillis(1)
			.build();
	}

	private static void produce(List<ProducerRecord<String, Object>> records) throws Exception {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
		config.put("apicurio.registry.url", infra.registryUrl());
		config.put("apicurio.registry.as-confluent", "true");
		config.put("apicurio.registry.use-id", "contentId");
		config.put("apicurio.registry.headers.enabled", "false");
		config.put("apicurio.registry.auto-register", "true");
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
			for (ProducerRecord<String, Object> record : records) {
				producer.send(record);
			}
			producer.flush();
		}
	}

	private static List<ConsumerRecord<String, byte[]>> deadLetters() {
		return TestTopics.deadLetters(infra.kafkaBootstrapServers(), TOPIC);
	}

	/** What a service declares: failures of this type are final. */
	static class PoisonException extends RuntimeException {

		PoisonException() {
			super("This record can never be applied");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Applying {

		/** The idempotent store: per key, the last version applied. */
		final Map<String, Integer> latest = new ConcurrentHashMap<>();

		final List<String> outOfOrder = java.util.Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger failed = new AtomicInteger();

		final AtomicInteger redelivered = new AtomicInteger();

		private final Set<String> seenEvents = ConcurrentHashMap.newKeySet();

		private final KeyedBatches batches;

		Applying(KeyedBatches batches) {
			this.batches = batches;
		}

		@Bean
		static PoisonRecords testPoison() {
			return PoisonRecords.of(PoisonException.class);
		}

		@KafkaListener(id = "keyed", topics = TOPIC, groupId = "keyed-batches-test", batch = "true")
		void on(List<ConsumerRecord<String, ScanCompleted>> records) {
			this.batches.apply(records, (record) -> Mono.fromRunnable(() -> apply(record.value()))
				.subscribeOn(Schedulers.boundedElastic()));
		}

		private void apply(ScanCompleted scan) {
			if (!this.seenEvents.add(scan.getEventId())) {
				this.redelivered.incrementAndGet();
			}
			if ("POISON".equals(scan.getOutcome())) {
				throw new PoisonException();
			}
			if (ThreadLocalRandom.current().nextInt(50) == 0) {
				this.failed.incrementAndGet();
				throw new IllegalStateException("The store is away for a moment");
			}
			int version = (int) scan.getVersion();
			this.latest.compute(scan.getIntegrationId(), (key, last) -> {
				int current = (last != null) ? last : 0;
				if (version > current + 1) {
					this.outOfOrder.add(key + " v" + version + " after v" + current);
				}
				return Math.max(current, version);
			});
		}

		boolean allAt(int version) {
			return this.latest.size() == KEYS && this.latest.values().stream().allMatch((v) -> v == version);
		}

	}

}

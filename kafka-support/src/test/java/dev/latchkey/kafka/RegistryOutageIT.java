package dev.latchkey.kafka;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.latchkey.local.FreePort;
import dev.latchkey.local.SchemaRegistry;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.ConnectFailed;
import dev.latchkey.schemas.ScanCompleted;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of the shared policy on a real broker and registry: a record whose schema
 * cannot be fetched because the registry is away waits for it (never a dead letter) and
 * goes through once it is back; a record naming a schema the registry does not have is
 * dead-lettered with its original bytes, and consuming goes on.
 */
class RegistryOutageIT {

	private static final String TOPIC = "outage-test";

	private static SharedInfrastructure infra;

	private static Path registryDir;

	private static int registryPort;

	private static SchemaRegistry registry;

	private static ConfigurableApplicationContext service;

	@BeforeAll
	static void start() throws Exception {
		infra = SharedInfrastructure.get();
		registryDir = Files.createTempDirectory("outage-registry");
		registryPort = FreePort.pick();
		registry = SchemaRegistry.start(registryDir, registryPort);
		TestTopics.createWithDeadLetters(infra.kafkaBootstrapServers(), TOPIC, 1);
		service = new SpringApplicationBuilder(Listening.class).web(org.springframework.boot.WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
					"--spring.kafka.properties.apicurio.registry.url=" + registry.url(),
					"--latchkey.kafka.retry-max-interval=2s");
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
		if (registry != null) {
			registry.close();
		}
	}

	@Test
	void aRecordWhoseSchemaCannotBeFetched_waitsForTheRegistry_thenGoesThrough() throws Exception {
		Listening listening = service.getBean(Listening.class);
		ScanCompleted known = aScan();
		produce(known);
		assertThat(listening.received.poll(60, TimeUnit.SECONDS)).isEqualTo(known);

		KafkaListenerEndpointRegistry containers = service.getBean(KafkaListenerEndpointRegistry.class);
		containers.getListenerContainer("outage").stop();
		ConnectFailed unseenSchema = aConnectFailure();
		produce(unseenSchema);
		registry.close();
		containers.getListenerContainer("outage").start();

		Instant deadline = Instant.now().plusSeconds(60);
		ConsumerHealth health = service.getBean(ConsumerHealth.class);
		while (health.health().getStatus() != Status.DOWN && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
		}
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(listening.received.poll(5, TimeUnit.SECONDS)).isNull();

		registry = SchemaRegistry.start(registryDir, registryPort);

		assertThat(listening.received.poll(90, TimeUnit.SECONDS)).isEqualTo(unseenSchema);
		assertThat(deadLetters()).isEmpty();
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aRecordNamingASchemaTheRegistryDoesNotHave_isDeadLetteredWithItsBytes_andConsumingGoesOn() throws Exception {
		Listening listening = service.getBean(Listening.class);
		byte[] unknownSchema = ByteBuffer.allocate(9)
			.put((byte) 0)
			.putInt(987_654)
			.put(new byte[] { 2, 4, 6, 8 })
			.array();
		try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerConfig(ByteArraySerializer.class))) {
			raw.send(new ProducerRecord<>(TOPIC, "int_poison", unknownSchema)).get();
		}
		ScanCompleted next = aScan();
		produce(next);

		assertThat(listening.received.poll(90, TimeUnit.SECONDS)).isEqualTo(next);
		List<ConsumerRecord<String, byte[]>> dead = deadLetters();
		assertThat(dead).hasSize(1);
		assertThat(dead.get(0).key()).isEqualTo("int_poison");
		assertThat(dead.get(0).value()).isEqualTo(unknownSchema);
		assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON_HEADER).value()))
			.contains("DeserializationException");
		assertThat(dead.get(0).headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
	}

	private static List<ConsumerRecord<String, byte[]>> deadLetters() {
		return TestTopics.deadLetters(infra.kafkaBootstrapServers(), TOPIC);
	}

	private static void produce(Object event) throws Exception {
		Map<String, Object> config = producerConfig(AvroKafkaSerializer.class);
		config.put("apicurio.registry.url", registry.url());
		config.put("apicurio.registry.as-confluent", "true");
		config.put("apicurio.registry.use-id", "contentId");
		config.put("apicurio.registry.headers.enabled", "false");
		config.put("apicurio.registry.auto-register", "true");
		// One artifact per record type, so that the second type is a new schema, not an
		// incompatible version of the first.
		config.put("apicurio.registry.artifact-resolver-strategy",
				"io.apicurio.registry.serde.avro.strategy.RecordIdStrategy");
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>(TOPIC, "int_" + UUID.randomUUID(), event)).get();
		}
	}

	private static Map<String, Object> producerConfig(Class<?> valueSerializer) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
		return config;
	}

	private static ScanCompleted aScan() {
		return ScanCompleted.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId("t1")
			.setIntegrationId("int_a")
			.setProvider("demo")
			.setOccurredAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
			.setVersion(1)
			.setOutcome("VALID")
			.setLatencyMillis(3)
			.build();
	}

	private static ConnectFailed aConnectFailure() {
		return ConnectFailed.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId("t1")
			.setIntegrationId("int_b")
			.setProvider("demo-oauth")
			.setName("default")
			.setOccurredAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
			.setReason("ACCESS_DENIED")
			.build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Listening {

		final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

		@KafkaListener(id = "outage", topics = TOPIC, groupId = "outage-test")
		void on(ConsumerRecord<String, Object> record) {
			this.received.add(record.value());
		}

	}

}

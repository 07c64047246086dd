package dev.latchkey.status.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import dev.latchkey.status.StatusApplication;
import dev.latchkey.websecurity.DevTokens;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.latchkey.status.integration.Fixtures.anEventOf;
import static dev.latchkey.status.integration.Fixtures.anIntegration;
import static dev.latchkey.status.integration.Fixtures.changed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real thing against a real broker and registry: events published before the service
 * starts are what it serves once ready, and later events keep the answers current.
 */
class StatusIT {

	private static final String JWT_SECRET = "status-it-secret-0123456789abcdefghijkl";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String TENANT = "tenant-" + UUID.randomUUID();

	private static final String OTHER_TENANT = "tenant-" + UUID.randomUUID();

	private static final byte[] GARBAGE = "not an avro record".getBytes(StandardCharsets.UTF_8);

	private static SharedInfrastructure infrastructure;

	private static KafkaTemplate<String, Object> events;

	private static ConfigurableApplicationContext service;

	private static WebTestClient client;

	private static IntegrationStatus demo;

	private static IntegrationStatus deletedGithub;

	private static final List<EntityExchangeResult<String>> answersWhileStarting = new ArrayList<>();

	@BeforeAll
	static void publishHistoryThenStartTheService() throws Exception {
		infrastructure = SharedInfrastructure.get();
		createStatusTopic();
		events = avroTemplate();

		// History, written before the service exists: newest-first for the demo
		// integration, a deleted integration, another tenant, and one unreadable record.
		IntegrationStatus pending = anIntegration(TENANT, "demo", "default", IntegrationState.PENDING_VERIFICATION);
		demo = changed(pending, IntegrationState.ACTIVE, 2, pending.occurredAt().plusSeconds(30));
		deletedGithub = anIntegration(TENANT, "github", "default", IntegrationState.ACTIVE);
		publish(demo);
		publish(pending);
		publish(anIntegration(TENANT, "twilio", "default", IntegrationState.INVALID));
		publish(deletedGithub);
		publish(anIntegration(OTHER_TENANT, "stripe", "default", IntegrationState.ACTIVE));
		delete(deletedGithub);
		publishGarbage(demo.integrationId());

		service = new SpringApplicationBuilder(StatusApplication.class).run("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
				"--spring.kafka.properties.apicurio.registry.url=" + infrastructure.registryUrl(),
				"--latchkey.security.jwt.hmac-secret=" + JWT_SECRET);
		client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + service.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(10))
			.build();
		// Keep asking from the moment the service is up until it reports ready: the view
		// is still replaying, and the unreadable record holds readiness back a little.
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
			answersWhileStarting.add(statuses().expectBody(String.class).returnResult());
			return isReady();
		});
	}

	@AfterAll
	static void stopTheService() {
		if (service != null) {
			service.close();
		}
		if (events != null) {
			events.destroy();
		}
	}

	@Test
	void servesTheHistoryOnceReadyAndNeverAnEmptyViewBefore() {
		awaitReady();

		assertThat(answersWhileStarting).isNotEmpty().allSatisfy((answer) -> {
			if (answer.getStatus().value() == 503) {
				assertThat(answer.getResponseBody()).contains("status view is catching up");
			}
			else {
				assertThat(answer.getStatus().value()).isEqualTo(200);
				assertThat(answer.getResponseBody()).contains("\"demo\":true");
			}
		});
		statuses().expectBody()
			.jsonPath("$.integrations.demo")
			.isEqualTo(true)
			.jsonPath("$.integrations.twilio")
			.isEqualTo(false)
			.jsonPath("$.integrations.github")
			.isEqualTo(false)
			.jsonPath("$.integrations.stripe")
			.isEqualTo(false);
		get("/api/integrations/status/demo").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo(2)
			.jsonPath("$.state")
			.isEqualTo("ACTIVE")
			.jsonPath("$.lastVerifiedAt")
			.isEqualTo(demo.lastVerifiedAt().toString());
		get("/api/integrations/status/github").expectStatus().isNotFound();
		get("/api/integrations").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.integrations[*].provider")
			.isEqualTo(List.of("demo", "twilio"));
	}

	@Test
	void laterEventsUpdateTheAnswersAndATombstoneMakesItNotFound() throws Exception {
		awaitReady();
		IntegrationStatus slack = anIntegration(TENANT, "slack", "default", IntegrationState.PENDING_VERIFICATION);
		publish(slack);
		publish(changed(slack, IntegrationState.ACTIVE, 1, slack.occurredAt().plusSeconds(10)));

		await().atMost(PATIENCE)
			.untilAsserted(() -> statuses().expectBody().jsonPath("$.integrations.slack").isEqualTo(true));

		delete(slack);

		await().atMost(PATIENCE).untilAsserted(() -> get("/api/integrations/status/slack").expectStatus().isNotFound());
		statuses().expectBody().jsonPath("$.integrations.slack").isEqualTo(false);
	}

	@Test
	void anUnreadableRecordIsDeadLetteredAsTheBytesThatArrived() {
		awaitReady();
		try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.deadLetterOf(Topics.INTEGRATION_STATUS))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
			await().atMost(PATIENCE).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
				return !letters.isEmpty();
			});
			assertThat(letters).anySatisfy((letter) -> {
				assertThat(letter.value()).isEqualTo(GARBAGE);
				assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(demo.integrationId());
				assertThat(letter.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
			});
		}
	}

	private static void awaitReady() {
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(StatusIT::isReady);
	}

	private static boolean isReady() {
		return client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.is2xxSuccessful();
	}

	private static WebTestClient.ResponseSpec statuses() {
		return get("/api/integrations/status");
	}

	private static WebTestClient.ResponseSpec get(String uri) {
		String token = new DevTokens(JWT_SECRET).mint(TENANT, Duration.ofMinutes(5));
		return client.get().uri(uri).headers((headers) -> headers.setBearerAuth(token)).exchange();
	}

	private static void publish(IntegrationStatus status) throws Exception {
		IntegrationStatusChanged event = anEventOf(status);
		events.send(Topics.INTEGRATION_STATUS, status.integrationId(), event).get(30, TimeUnit.SECONDS);
	}

	private static void delete(IntegrationStatus status) throws Exception {
		events.send(Topics.INTEGRATION_STATUS, status.integrationId(), null).get(30, TimeUnit.SECONDS);
	}

	private static void publishGarbage(String key) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				infrastructure.kafkaBootstrapServers());
		DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new ByteArraySerializer());
		try {
			new KafkaTemplate<>(producers).send(Topics.INTEGRATION_STATUS, key, GARBAGE).get(30, TimeUnit.SECONDS);
		}
		finally {
			producers.destroy();
		}
	}

	private static KafkaTemplate<String, Object> avroTemplate() {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				infrastructure.kafkaBootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
				ProducerConfig.ACKS_CONFIG, "all", "apicurio.registry.url", infrastructure.registryUrl(),
				"apicurio.registry.as-confluent", true, "apicurio.registry.use-id", "contentId",
				"apicurio.registry.headers.enabled", false, "apicurio.registry.auto-register", true);
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
	}

	private static void createStatusTopic() throws InterruptedException {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
			admin
				.createTopics(List.of(new NewTopic(Topics.INTEGRATION_STATUS, 3, (short) 1)
					.configs(Map.of("cleanup.policy", "compact"))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Cannot create " + Topics.INTEGRATION_STATUS, ex.getCause());
			}
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Kafka did not create " + Topics.INTEGRATION_STATUS, ex);
		}
	}

}

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
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
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

	/**
	 * A second instance, closed only with the first: both share Reactor Netty's global
	 * resources, which closing either would dispose.
	 */
	private static ConfigurableApplicationContext replica;

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

		service = startReplica();
		client = clientOf(service);
		// Keep asking from the moment the service is up until it reports ready: the view
		// is still replaying, and the unreadable record holds readiness back a little.
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
			answersWhileStarting.add(statuses().expectBody(String.class).returnResult());
			return isReady();
		});
	}

	@AfterAll
	static void stopTheService() {
		if (replica != null) {
			replica.close();
		}
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
				assertThat(
						new String(letter.headers().lastHeader("latchkey-dlt-reason").value(), StandardCharsets.UTF_8))
					.contains("DeserializationException");
				// A reason, never a stack trace or an exception message that may quote
				// input.
				assertThat(letter.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
				assertThat(letter.headers().lastHeader("kafka_dlt-exception-message")).isNull();
			});
		}
	}

	@Test
	void aSecondReplica_buildsTheSameViewFromTheTopicAndAnswersWithTheSameETags() throws Exception {
		awaitReady();
		replica = startReplica();
		WebTestClient other = clientOf(replica);
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> isReady(other));
		publish(anIntegration(TENANT, "openai", "default", IntegrationState.ACTIVE));

		await().atMost(PATIENCE).untilAsserted(() -> {
			EntityExchangeResult<String> first = get(client, "/api/integrations").expectBody(String.class)
				.returnResult();
			EntityExchangeResult<String> second = get(other, "/api/integrations").expectBody(String.class)
				.returnResult();
			assertThat(first.getResponseBody()).contains("\"openai\"").isEqualTo(second.getResponseBody());
			assertThat(first.getResponseHeaders().getETag()).isNotNull()
				.isEqualTo(second.getResponseHeaders().getETag());
		});
		String etag = get(client, "/api/integrations/status").expectBody(String.class)
			.returnResult()
			.getResponseHeaders()
			.getETag();
		other.get().uri("/api/integrations/status").headers((headers) -> {
			headers.setBearerAuth(token());
			headers.setIfNoneMatch(etag);
		}).exchange().expectStatus().isNotModified();
	}

	@Test
	void theStream_sendsTheSnapshotThenChangesAndATombstoneAsARemoval() {
		awaitReady();
		IntegrationStatus stripe = anIntegration(TENANT, "stripe", "default", IntegrationState.PENDING_VERIFICATION);
		Flux<ServerSentEvent<String>> events = client.mutate()
			.responseTimeout(PATIENCE)
			.build()
			.get()
			.uri("/api/integrations/status/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBearerAuth(token()))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody();

		StepVerifier.create(events.filter((event) -> event.event() != null))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("snapshot"))
			.then(() -> publishQuietly(stripe, false))
			.assertNext((event) -> assertThat(event.data()).contains("\"provider\":\"stripe\"", "\"removed\":false"))
			.then(() -> publishQuietly(stripe, true))
			.assertNext((event) -> assertThat(event.data()).contains("\"provider\":\"stripe\"", "\"removed\":true"))
			.thenCancel()
			.verify(PATIENCE);
		get("/api/integrations/status/stripe").expectStatus().isNotFound();
	}

	private static ConfigurableApplicationContext startReplica() {
		return new SpringApplicationBuilder(StatusApplication.class).run("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
				"--spring.kafka.properties.apicurio.registry.url=" + infrastructure.registryUrl(),
				"--latchkey.security.jwt.hmac-secret=" + JWT_SECRET, "--" + WebTestSupport.ISSUER,
				"--" + WebTestSupport.AUDIENCE);
	}

	private static WebTestClient clientOf(ConfigurableApplicationContext replica) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + replica.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	private static void publishQuietly(IntegrationStatus status, boolean tombstone) {
		try {
			if (tombstone) {
				delete(status);
			}
			else {
				publish(status);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitReady() {
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(StatusIT::isReady);
	}

	private static boolean isReady() {
		return isReady(client);
	}

	private static boolean isReady(WebTestClient client) {
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
		return get(client, uri);
	}

	private static WebTestClient.ResponseSpec get(WebTestClient client, String uri) {
		return client.get().uri(uri).headers((headers) -> headers.setBearerAuth(token())).exchange();
	}

	private static String token() {
		return new DevTokens(JWT_SECRET).mint(TENANT, Duration.ofMinutes(5));
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

package dev.latchkey.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.latchkey.collector.credential.CredentialPublisher;
import dev.latchkey.catalogue.IntegrationId;

import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import dev.latchkey.websecurity.DevTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real submission through the real broker and schema registry: the record is in
 * Confluent wire format with a schema id the registry resolves, reads back as a
 * {@link CredentialReceived}, and carries the secret only sealed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
class CollectorIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SharedInfrastructure infra = SharedInfrastructure.get();
		registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
		registry.add("spring.kafka.properties.apicurio.registry.url", infra::registryUrl);
		registry.add("spring.mongodb.uri", () -> infra.mongoConnectionString() + "collector_it");
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		// Many submissions of one integration: the limits are not what this tests.
		registry.add("latchkey.collector.limits.per-tenant.requests", () -> "10000");
		registry.add("latchkey.collector.limits.per-integration.requests", () -> "10000");
		registry.add("latchkey.collector.vault-public-keyset-file", CollectorIT::vaultPublicKeysetFile);
		registry.add("latchkey.collector.vault.url", VAULT::url);
		registry.add("latchkey.collector.vault.signing-keyset",
				() -> dev.latchkey.crypto.Keysets.toSecretJson(VAULT_SIGNING_KEY));
	}

	private static final com.google.crypto.tink.KeysetHandle VAULT_SIGNING_KEY = dev.latchkey.crypto.Keysets
		.generate(dev.latchkey.crypto.Keysets.SIGNATURE_TEMPLATE);

	/** Knows every integration of {@link Fixtures#TENANT} as a demo integration. */
	private static final StandInVault VAULT = StandInVault.start(
			new dev.latchkey.crypto.RequestVerifier(dev.latchkey.crypto.Keysets.publicOf(VAULT_SIGNING_KEY)),
			(request) -> Fixtures.TENANT.equals(request.query().get("tenant"))
					? StandInVault.Answer.ok("{\"integrationId\":\"x\",\"provider\":\"demo\",\"name\":\"default\","
							+ "\"version\":1,\"state\":\"ACTIVE\"}")
					: StandInVault.Answer.notFound());

	@Autowired
	WebTestClient client;

	@org.junit.jupiter.api.AfterAll
	static void stopVault() {
		VAULT.close();
	}

	@Test
	void aScanRequestAndAScanPeriodReachTheirTopics() {
		String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
		String integrationId = IntegrationId.of(Fixtures.TENANT, "demo", name).value();
		this.client.post()
			.uri("/api/integrations/demo/credentials")
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "fields", Fixtures.aDemoCredential(), "scanEvery", "PT6H"))
			.exchange()
			.expectStatus()
			.isAccepted();
		this.client.post()
			.uri("/api/integrations/" + integrationId + "/scan")
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.exchange()
			.expectStatus()
			.isAccepted();

		CredentialReceived received = deserialize(Topics.CREDENTIAL_RECEIVED,
				TopicRecords.awaitRecord(Topics.CREDENTIAL_RECEIVED, integrationId).value());
		dev.latchkey.schemas.ScanRequested requested = deserialize(Topics.SCAN_REQUESTED,
				TopicRecords.awaitRecord(Topics.SCAN_REQUESTED, integrationId).value());
		assertThat(received.getScanEverySeconds()).isEqualTo(21600L);
		assertThat(requested.getTenantId()).isEqualTo(Fixtures.TENANT);
		assertThat(requested.getIntegrationId()).isEqualTo(integrationId);
		assertThat(requested.getProvider()).isEqualTo("demo");
		assertThat(requested.getEventId()).isNotBlank();
	}

	@Test
	void theRecordCarriesTheTraceOfThePostThatCausedIt() {
		String traceId = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
		String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
		String integrationId = IntegrationId.of(Fixtures.TENANT, "demo", name).value();
		this.client.post()
			.uri("/api/integrations/demo/credentials")
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "fields", Fixtures.aDemoCredential()))
			.exchange()
			.expectStatus()
			.isAccepted();

		Header traceparent = TopicRecords.awaitRecord(Topics.CREDENTIAL_RECEIVED, integrationId)
			.headers()
			.lastHeader("traceparent");
		assertThat(traceparent).as("traceparent header").isNotNull();
		assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
	}

	@Test
	void aSubmissionReachesTheTopicSealedInConfluentWireFormat() throws Exception {
		String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
		Instant before = Instant.now().minusSeconds(1);
		String integrationId = this.client.post()
			.uri("/api/integrations/demo/credentials")
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "fields", Fixtures.aDemoCredential()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("integrationId")
			.toString();

		ConsumerRecord<byte[], byte[]> record = TopicRecords.awaitRecord(Topics.CREDENTIAL_RECEIVED, integrationId);

		byte[] value = record.value();
		assertThat(value[0]).as("Confluent magic byte").isZero();
		int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
		assertThat(registryContent(schemaId)).contains("CredentialReceived");

		CredentialReceived event = deserialize(value);
		assertThat(event.getTenantId()).isEqualTo(Fixtures.TENANT);
		assertThat(event.getIntegrationId()).isEqualTo(integrationId);
		assertThat(event.getProvider()).isEqualTo("demo");
		assertThat(event.getName()).isEqualTo(name);
		assertThat(event.getSource()).isEqualTo("API_KEY");
		assertThat(event.getOccurredAt()).isAfter(before);
		assertThat(event.getPublicFields()).isEmpty();
		byte[] sealed = new byte[event.getSealedSecret().remaining()];
		event.getSealedSecret().duplicate().get(sealed);
		SecretFields secret = Fixtures.vaultOpener()
			.open(sealed, AssociatedData.forSubmission(Fixtures.TENANT, integrationId, event.getEventId()));
		assertThat(secret.value("api_key")).isEqualTo(Fixtures.CANARY);

		assertThat(rawBytesOf(record)).doesNotContain(Fixtures.CANARY);
	}

	@Test
	void theSameIdempotencyKeyTwiceIsOneEventOnTheTopicAndOneAnswer() {
		String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
		String key = UUID.randomUUID().toString();

		EntityExchangeResult<String> first = submit(name, key).expectStatus()
			.isAccepted()
			.expectHeader()
			.doesNotExist("Idempotent-Replayed")
			.expectBody(String.class)
			.returnResult();
		EntityExchangeResult<String> second = submit(name, key).expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(String.class)
			.returnResult();

		assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
		String integrationId = IntegrationId.of(Fixtures.TENANT, "demo", name).value();
		TopicRecords.awaitRecord(Topics.CREDENTIAL_RECEIVED, integrationId);
		assertThat(TopicRecords.recordsNow(Topics.CREDENTIAL_RECEIVED, integrationId)).hasSize(1);
	}

	@Test
	void anEventDeliveredDespiteA503AndItsRetryWithTheHandedOutKeyShareOneEventId() {
		String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
		AckLoss.LOSE_NEXT.set(true);

		String handedOut = submit(name, null).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists("Idempotency-Key")
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("Idempotency-Key");
		submit(name, handedOut).expectStatus().isAccepted();
		String integrationId = IntegrationId.of(Fixtures.TENANT, "demo", name).value();

		TopicRecords.awaitRecord(Topics.CREDENTIAL_RECEIVED, integrationId);
		List<CredentialReceived> events = TopicRecords.recordsNow(Topics.CREDENTIAL_RECEIVED, integrationId)
			.stream()
			.map((record) -> deserialize(record.value()))
			.toList();
		assertThat(events).hasSize(2);
		assertThat(events).extracting(CredentialReceived::getEventId).containsOnly(events.get(0).getEventId());
		for (CredentialReceived event : events) {
			byte[] sealed = new byte[event.getSealedSecret().remaining()];
			event.getSealedSecret().duplicate().get(sealed);
			assertThat(Fixtures.vaultOpener()
				.open(sealed, AssociatedData.forSubmission(Fixtures.TENANT, integrationId, event.getEventId()))
				.value("api_key")).isEqualTo(Fixtures.CANARY);
		}
	}

	private WebTestClient.ResponseSpec submit(String name, String idempotencyKey) {
		return this.client.post().uri("/api/integrations/demo/credentials").headers((h) -> {
			h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT));
			if (idempotencyKey != null) {
				h.set("Idempotency-Key", idempotencyKey);
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "fields", Fixtures.aDemoCredential()))
			.exchange();
	}

	private static String registryContent(int contentId) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(SharedInfrastructure.get().registryUrl() + "/ids/contentIds/" + contentId))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("registry lookup of content id " + contentId).isEqualTo(200);
		return response.body();
	}

	private static CredentialReceived deserialize(byte[] value) {
		return deserialize(Topics.CREDENTIAL_RECEIVED, value);
	}

	@SuppressWarnings("unchecked")
	private static <T> T deserialize(String topic, byte[] value) {
		Map<String, Object> config = new HashMap<>();
		config.put("apicurio.registry.url", SharedInfrastructure.get().registryUrl());
		config.put("apicurio.registry.as-confluent", true);
		config.put("apicurio.registry.use-id", "contentId");
		config.put("apicurio.registry.headers.enabled", false);
		config.put("apicurio.registry.use-specific-avro-reader", true);
		try (AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>()) {
			deserializer.configure(config, false);
			return (T) deserializer.deserialize(topic, value);
		}
	}

	private static String rawBytesOf(ConsumerRecord<byte[], byte[]> record) {
		List<byte[]> parts = new ArrayList<>(List.of(record.key(), record.value()));
		for (Header header : record.headers()) {
			parts.add(header.key().getBytes(StandardCharsets.UTF_8));
			parts.add(header.value());
		}
		StringBuilder all = new StringBuilder();
		parts.forEach((part) -> all.append(new String(part, StandardCharsets.ISO_8859_1)).append('\n'));
		return all.toString();
	}

	/**
	 * On request, the broker's acknowledgement of the next record is lost: the record is
	 * on the topic, the collector sees a failure, as when the ack misses the publish
	 * timeout.
	 */
	@TestConfiguration
	static class AckLoss {

		static final AtomicBoolean LOSE_NEXT = new AtomicBoolean();

		@Bean
		static BeanPostProcessor losingAcknowledgements() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof CredentialPublisher publisher) {
						return (CredentialPublisher) (credential) -> publisher.publish(credential)
							.then(Mono.defer(() -> LOSE_NEXT.getAndSet(false)
									? Mono.error(new TimeoutException("acknowledgement lost (test)")) : Mono.empty()));
					}
					return bean;
				}
			};
		}

	}

	private static String vaultPublicKeysetFile() {
		try {
			Path file = Files.createTempFile("vault-public-", ".json");
			file.toFile().deleteOnExit();
			return Files.writeString(file, Fixtures.vaultPublicKeysetJson()).toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package dev.latchkey.scanner;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.kafka.DeadLetters;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.ScanCompleted;
import dev.latchkey.schemas.ScanRequested;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scanner against a real broker, registry and MongoDB, a fake vault over HTTP and the
 * demo platform: a status event in, a scan report and an assessment out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScannerIT {

	private static final KeysetHandle leaseKeyset = Fixtures.aLeaseKeyset();

	private static final KeysetHandle signingKeyset = Fixtures.aSigningKeyset();

	private static final FakeVault vault = FakeVault.forConsumer("scanner", leaseKeyset);

	private static final FakeVaultServer vaultServer = FakeVaultServer.start(vault, signingKeyset);

	@Autowired
	private KafkaTemplate<String, Object> kafka;

	@Autowired
	private ConsumerFactory<String, Object> consumers;

	@Autowired
	private ReactiveMongoOperations mongo;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SharedInfrastructure infrastructure = SharedInfrastructure.get();
		registry.add("spring.kafka.bootstrap-servers", infrastructure::kafkaBootstrapServers);
		registry.add("spring.kafka.properties.apicurio.registry.url", infrastructure::registryUrl);
		registry.add("spring.mongodb.uri",
				() -> infrastructure.mongoConnectionString().replaceAll("/$", "") + "/latchkey");
		registry.add("latchkey.catalogue.base-urls.demo", infrastructure::demoPlatformUrl);
		registry.add("latchkey.scanner.vault-url", vaultServer::url);
		registry.add("latchkey.scanner.keys.lease-keyset", () -> Keysets.toSecretJson(leaseKeyset));
		registry.add("latchkey.scanner.keys.signing-keyset", () -> Keysets.toSecretJson(signingKeyset));
	}

	@AfterAll
	static void stopVault() {
		vaultServer.close();
	}

	@Test
	void pendingVerification_acceptedKey_isReportedValidAndRecorded() {
		String canary = Fixtures.aDemoKey();
		String tenantId = Fixtures.aTenantId();
		String integrationId = Fixtures.anIntegrationId();
		vault.store(tenantId, integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(canary));

		send(aPendingStatus(tenantId, integrationId, 1));

		ScanCompleted report = awaitReport(integrationId);
		assertThat(report.getOutcome()).isEqualTo("VALID");
		assertThat(report.getReason()).isEqualTo("VERIFIED");
		assertThat(report.getVersion()).isEqualTo(1);
		assertThat(report.getTenantId()).isEqualTo(tenantId);
		assertThat(report.getProvider()).isEqualTo("demo");
		assertThat(report.getHttpStatus()).isEqualTo(200);
		assertThat(report.getTrigger()).isEqualTo("NEW_VERSION");
		assertThat(report.getNextCheckAt()).isAfter(Instant.now().plus(Duration.ofHours(5)));
		assertThat(report.getFindings()).extracting((finding) -> finding.getCode()).contains("ACCOUNT", "KEY_KIND");
		assertThat(report.toString()).doesNotContain(canary);
		Document assessment = assessmentOf(integrationId);
		assertThat(assessment).containsEntry("outcome", "VALID").containsEntry("tenantId", tenantId);
		assertThat(assessment.toJson()).doesNotContain(canary);
	}

	@Test
	void theFirstScanOfANewVersion_goesOnInTheTraceOfItsStatusRecord() {
		String tenantId = Fixtures.aTenantId();
		String integrationId = Fixtures.anIntegrationId();
		vault.store(tenantId, integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(Fixtures.aDemoKey()));

		IntegrationStatusChanged status = aPendingStatus(tenantId, integrationId, 1);
		String cause = traceparent(
				this.kafka.send(Topics.INTEGRATION_STATUS, integrationId, status).join().getProducerRecord().headers());
		assertThat(cause).as("the status record's traceparent").isNotNull();

		String report = traceparent(awaitRecord(Topics.SCAN_COMPLETED, integrationId).headers());
		assertThat(report).as("the report's traceparent").isNotNull();
		assertThat(report.split("-")[1]).as("the report's trace id").isEqualTo(cause.split("-")[1]);
	}

	private static String traceparent(org.apache.kafka.common.header.Headers headers) {
		Header header = headers.lastHeader("traceparent");
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Test
	void pendingVerification_rejectedKey_isReportedInvalid() {
		String tenantId = Fixtures.aTenantId();
		String integrationId = Fixtures.anIntegrationId();
		vault.store(tenantId, integrationId, "demo", 2, Map.of(), Fixtures.demoSecret(Fixtures.aRejectedDemoKey()));

		send(aPendingStatus(tenantId, integrationId, 2));

		ScanCompleted report = awaitReport(integrationId);
		assertThat(report.getOutcome()).isEqualTo("INVALID");
		assertThat(report.getReason()).isEqualTo("REJECTED_BY_PLATFORM");
		assertThat(report.getHttpStatus()).isEqualTo(401);
	}

	@Test
	void pendingVerification_vaultUnavailable_isWaitedOut_thenScanned_neverDeadLettered() throws Exception {
		String tenantId = Fixtures.aTenantId();
		String integrationId = Fixtures.anIntegrationId();
		vault.store(tenantId, integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(Fixtures.aDemoKey()));
		vault.breakFor(integrationId);

		send(aPendingStatus(tenantId, integrationId, 1));
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
		while (vault.failedLeaseCount() < 3 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(vault.failedLeaseCount()).isGreaterThanOrEqualTo(3);
		vault.heal(integrationId);

		assertThat(awaitReport(integrationId).getOutcome()).isEqualTo("VALID");
		assertThat(assessmentOf(integrationId)).isNotNull();
	}

	@Test
	void poisonRecords_areDeadLetteredWithTheirBytesAndAReason_neverAStackTrace() {
		// Bytes that are no event at all.
		String unreadableKey = Fixtures.anIntegrationId();
		byte[] unreadable = "not an event \u0000\u0001 at all".getBytes(StandardCharsets.UTF_8);
		try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(Topics.INTEGRATION_STATUS, unreadableKey, unreadable)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitDeadLetters(unreadableKey);

		ConsumerRecord<String, byte[]> garbage = deadLetters.get(unreadableKey);
		assertThat(garbage.value()).as("the original bytes").isEqualTo(unreadable);
		assertThat(reason(garbage)).contains("DeserializationException");
		for (ConsumerRecord<String, byte[]> record : deadLetters.values()) {
			for (Header header : record.headers()) {
				assertThat(header.key()).doesNotContainIgnoringCase("stacktrace")
					.doesNotContainIgnoringCase("exception-message");
				assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain("\tat ")
					.doesNotContain(".java:");
			}
		}
	}

	@Test
	void scanRequested_scansAgainAtOnce_onDemand() {
		String tenantId = Fixtures.aTenantId();
		String integrationId = Fixtures.anIntegrationId();
		vault.store(tenantId, integrationId, "demo", 1, Map.of(), Fixtures.demoSecret(Fixtures.aDemoKey()));
		send(aPendingStatus(tenantId, integrationId, 1));
		assertThat(awaitReport(integrationId).getTrigger()).isEqualTo("NEW_VERSION");

		this.kafka
			.send(Topics.SCAN_REQUESTED, integrationId,
					ScanRequested.newBuilder()
						.setEventId(UUID.randomUUID().toString())
						.setTenantId(tenantId)
						.setIntegrationId(integrationId)
						.setProvider("demo")
						.setOccurredAt(Instant.now())
						.build())
			.join();

		List<ScanCompleted> reports = awaitReports(integrationId, 2);
		assertThat(reports).extracting(ScanCompleted::getTrigger).containsExactly("NEW_VERSION", "ON_DEMAND");
		assertThat(
				this.mongo.count(Query.query(Criteria.where("integrationId").is(integrationId)), "assessments").block())
			.isEqualTo(2);
	}

	@Test
	void health_isUpWithProbes() throws Exception {
		HttpResponse<String> liveness = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/liveness"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("UP");
	}

	private void send(IntegrationStatusChanged status) {
		this.kafka.send(Topics.INTEGRATION_STATUS, status.getIntegrationId(), status).join();
	}

	private ScanCompleted awaitReport(String integrationId) {
		return (ScanCompleted) awaitRecord(Topics.SCAN_COMPLETED, integrationId).value();
	}

	private Document assessmentOf(String integrationId) {
		return this.mongo
			.findOne(Query.query(Criteria.where("integrationId").is(integrationId)), Document.class, "assessments")
			.block();
	}

	private List<ScanCompleted> awaitReports(String integrationId, int count) {
		List<ScanCompleted> seen = new ArrayList<>();
		try (Consumer<String, Object> consumer = this.consumers.createConsumer("it-" + UUID.randomUUID(), null)) {
			consumer.subscribe(List.of(Topics.SCAN_COMPLETED));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> {
					if (integrationId.equals(record.key())) {
						seen.add((ScanCompleted) record.value());
					}
				});
				return seen.size() >= count;
			});
		}
		return seen;
	}

	private ConsumerRecord<String, Object> awaitRecord(String topic, String key) {
		List<ConsumerRecord<String, Object>> seen = new ArrayList<>();
		try (Consumer<String, Object> consumer = this.consumers.createConsumer("it-" + UUID.randomUUID(), null)) {
			consumer.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
				return seen.stream().anyMatch((record) -> key.equals(record.key()));
			});
		}
		return seen.stream().filter((record) -> key.equals(record.key())).findFirst().orElseThrow();
	}

	private static String reason(ConsumerRecord<String, byte[]> deadLetter) {
		Header reason = deadLetter.headers().lastHeader(DeadLetters.REASON_HEADER);
		assertThat(reason).as("the reason header").isNotNull();
		return new String(reason.value(), StandardCharsets.UTF_8);
	}

	/** The dead letters of the status topic with these keys, read raw from the start. */
	private static Map<String, ConsumerRecord<String, byte[]>> awaitDeadLetters(String... keys) {
		Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(DeadLetters.destinationOf(Topics.INTEGRATION_STATUS)));
			await().atMost(Duration.ofSeconds(90)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					found.put(record.key(), record);
				}
				return found.keySet().containsAll(List.of(keys));
			});
		}
		return found;
	}

	private static IntegrationStatusChanged aPendingStatus(String tenantId, String integrationId, long version) {
		Instant now = Instant.now();
		return IntegrationStatusChanged.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId(tenantId)
			.setIntegrationId(integrationId)
			.setProvider("demo")
			.setName("default")
			.setOccurredAt(now)
			.setState("PENDING_VERIFICATION")
			.setVersion(version)
			.setPublicFields(Map.of())
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.setReason("RECEIVED")
			.build();
	}

}

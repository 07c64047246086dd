package dev.latchkey.vault;

import org.springframework.http.HttpMethod;

import dev.latchkey.crypto.SignedRequest;

import dev.latchkey.vault.crypto.KeyRotation;

import java.util.stream.IntStream;

import java.util.concurrent.ConcurrentHashMap;

import java.nio.file.Path;

import java.nio.file.Files;

import java.io.UncheckedIOException;

import java.io.IOException;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.crypto.StoredVersion;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.ScanCompleted;
import dev.latchkey.schemas.TokenRefreshFailed;
import dev.latchkey.schemas.Topics;
import dev.latchkey.vaultclient.AccessLogEntry;
import dev.latchkey.vaultclient.AccessLogPage;
import dev.latchkey.vaultclient.AssessmentPage;
import dev.latchkey.vaultclient.Lease;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultClient;
import dev.latchkey.vaultclient.VaultRefusedException;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The vault against a real broker, schema registry and MongoDB wire protocol: events in,
 * documents and status events out, leases over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class VaultIT {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String TENANT = "t-it";

	private static final KeysetHandle ROOT = Fixtures.anAeadKeyset();

	private static final KeysetHandle SUBMISSION = Fixtures.anHpkeKeyset();

	private static final KeysetHandle SCANNER = Fixtures.anHpkeKeyset();

	private static final KeysetHandle SCANNER_SIGNING = Fixtures.aSignatureKeyset();

	private static final KeysetHandle COLLECTOR = Fixtures.anHpkeKeyset();

	private static final KeysetHandle COLLECTOR_SIGNING = Fixtures.aSignatureKeyset();

	private static final KeysetHandle OPERATOR_SIGNING = Fixtures.aSignatureKeyset();

	private static KafkaProducer<String, Object> events;

	private static KafkaProducer<String, byte[]> rawEvents;

	private static Received<IntegrationStatusChanged> statuses;

	private static Received<byte[]> deadLetters;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private WebTestClient web;

	@Autowired
	private KeyHierarchy keys;

	@Autowired
	private KeyRotation rotation;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SharedInfrastructure infra = SharedInfrastructure.get();
		createTopics(infra.kafkaBootstrapServers());
		registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
		registry.add("spring.kafka.properties.apicurio.registry.url", infra::registryUrl);
		registry.add("spring.mongodb.uri", () -> infra.mongoConnectionString() + "vault-it");
		registry.add("latchkey.vault.keys.root-keyset-file", VaultIT::rootKeysetFile);
		registry.add("latchkey.vault.keys.submission-keyset", () -> Keysets.toSecretJson(SUBMISSION));
		registry.add("latchkey.vault.lease.consumers.scanner.public-keyset",
				() -> Keysets.toPublicJson(Keysets.publicOf(SCANNER)));
		registry.add("latchkey.vault.lease.consumers.scanner.verify-keyset",
				() -> Keysets.toPublicJson(Keysets.publicOf(SCANNER_SIGNING)));
		registry.add("latchkey.vault.lease.consumers.collector.public-keyset",
				() -> Keysets.toPublicJson(Keysets.publicOf(COLLECTOR)));
		registry.add("latchkey.vault.lease.consumers.collector.verify-keyset",
				() -> Keysets.toPublicJson(Keysets.publicOf(COLLECTOR_SIGNING)));
		// Sweep often, but only what no test here leaves pending that long by itself.
		registry.add("latchkey.vault.lease.consumers.operator.verify-keyset",
				() -> Keysets.toPublicJson(Keysets.publicOf(OPERATOR_SIGNING)));
		registry.add("latchkey.vault.pending-sweep.every", () -> "1s");
		registry.add("latchkey.vault.assessments.keep", () -> "3");
		registry.add("latchkey.vault.pending-sweep.after", () -> "10m");
	}

	/** A file, so that the root key can be rotated. */
	private static String rootKeysetFile() {
		try {
			Path file = Files.createTempFile("vault-it-root", ".json");
			Files.writeString(file, Keysets.toSecretJson(ROOT));
			file.toFile().deleteOnExit();
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@BeforeAll
	static void clients() {
		SharedInfrastructure infra = SharedInfrastructure.get();
		Map<String, Object> producer = new HashMap<>(serdeSettings(infra));
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		events = new KafkaProducer<>(producer, new StringSerializer(), avroSerializer(producer));
		rawEvents = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
		statuses = new Received<>(infra, Topics.INTEGRATION_STATUS, avroDeserializer(infra));
		deadLetters = new Received<>(infra, Topics.deadLetterOf(Topics.CREDENTIAL_RECEIVED),
				new ByteArrayDeserializer());
	}

	@AfterAll
	static void closeClients() {
		events.close();
		rawEvents.close();
		statuses.close();
		deadLetters.close();
	}

	@Test
	void sealedSubmission_isStoredEncryptedAndReportedPending() {
		String integrationId = Fixtures.anIntegrationId();
		SecretFields secret = Fixtures.aDemoKey();
		String canary = secret.value("apiKey");

		send(aSubmission(integrationId, Fixtures.anEventId(), secret));

		IntegrationStatusChanged status = statuses.await(forIntegration(integrationId));
		assertThat(status.getState()).isEqualTo("PENDING_VERIFICATION");
		assertThat(status.getReason()).isEqualTo("RECEIVED");
		assertThat(status.getVersion()).isEqualTo(1);
		assertThat(status.getTenantId()).isEqualTo(TENANT);
		assertThat(status.getPublicFields()).isEqualTo(Fixtures.demoPublicFields());
		assertThat(status.toString()).doesNotContain(canary);
		Document stored = credentialDocument(integrationId);
		assertThat(stored.getLong("version")).isEqualTo(1);
		assertThat(stored.getString("tenantId")).isEqualTo(TENANT);
		assertThat(stored.getString("state")).isEqualTo("PENDING_VERIFICATION");
		assertThat(stored.get("secret", Document.class)).containsKeys("ciphertext", "wrappedDataKey", "rootKeyId",
				"tenantKeyId");
		assertThat(stored.get("secret", Document.class).getLong("rootKeyId"))
			.isEqualTo(this.rotation.rootPrimaryKeyId());
		for (String collection : List.of("credentials", "credential_versions", "tenant_keys")) {
			for (Document document : all(collection)) {
				assertThat(document.toJson()).doesNotContain(canary);
				assertThat(bsonText(document)).doesNotContain(canary);
			}
		}
	}

	@Test
	void theStatusRecordContinuesTheTraceOfTheSubmission() throws Exception {
		String integrationId = Fixtures.anIntegrationId();
		String traceId = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
		ProducerRecord<String, Object> traced = new ProducerRecord<>(Topics.CREDENTIAL_RECEIVED, integrationId,
				aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		traced.headers()
			.add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
		events.send(traced).get(30, TimeUnit.SECONDS);

		ConsumerRecord<String, IntegrationStatusChanged> status = statuses
			.awaitRecord((record) -> record.value() != null && forIntegration(integrationId).test(record.value()));
		assertThat(header(status, "traceparent")).as("traceparent").startsWith("00-" + traceId + "-");
	}

	@Test
	void replayedSubmission_changesNothing_andANewOneIsTheNextVersion() {
		String integrationId = Fixtures.anIntegrationId();
		CredentialReceived first = aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey());
		send(first);
		statuses.await(forIntegration(integrationId));

		send(first);
		statuses.awaitCount(forIntegration(integrationId), 2);
		assertThat(statuses.all(forIntegration(integrationId))).extracting(IntegrationStatusChanged::getVersion)
			.containsOnly(1L);
		assertThat(credentialDocument(integrationId).getLong("version")).isEqualTo(1);

		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		IntegrationStatusChanged second = statuses
			.await(forIntegration(integrationId).and((status) -> status.getVersion() == 2));
		assertThat(second.getState()).isEqualTo("PENDING_VERIFICATION");
		assertThat(credentialDocument(integrationId).getLong("version")).isEqualTo(2);
	}

	@Test
	void interleavedVersionsOfManyIntegrations_eachSentTwice_endAtExactVersionsInSendOrder() throws Exception {
		int integrations = 20;
		int versions = 10;
		List<String> ids = new ArrayList<>();
		Map<String, List<String>> eventsInOrder = new HashMap<>();
		for (int i = 0; i < integrations; i++) {
			ids.add(Fixtures.anIntegrationId());
		}
		List<Future<?>> sent = new ArrayList<>();
		CredentialReceived[] previous = new CredentialReceived[integrations];
		for (int version = 1; version <= versions; version++) {
			for (int i = 0; i < integrations; i++) {
				String integrationId = ids.get(i);
				CredentialReceived event = aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey());
				eventsInOrder.computeIfAbsent(integrationId, (id) -> new ArrayList<>()).add(event.getEventId());
				sent.add(events.send(new ProducerRecord<>(Topics.CREDENTIAL_RECEIVED, integrationId, event)));
				if (previous[i] != null) {
					// The one before, again: as a redelivery would bring it.
					sent.add(events.send(new ProducerRecord<>(Topics.CREDENTIAL_RECEIVED, integrationId, previous[i])));
				}
				previous[i] = event;
			}
		}
		for (Future<?> future : sent) {
			future.get(30, TimeUnit.SECONDS);
		}

		Instant deadline = Instant.now().plus(WAIT);
		while (Instant.now().isBefore(deadline) && !ids.stream()
			.allMatch(
					(id) -> credentialDocument(id) != null && credentialDocument(id).getLong("version") == versions)) {
			Thread.sleep(200);
		}
		for (String integrationId : ids) {
			assertThat(credentialDocument(integrationId).getLong("version")).isEqualTo(versions);
			List<Document> recorded = this.mongo
				.find(Query.query(Criteria.where("integrationId").is(integrationId)), Document.class,
						"credential_versions")
				.collectList()
				.block();
			assertThat(recorded).hasSize(versions);
			Map<Long, String> eventOfVersion = new TreeMap<>();
			recorded.forEach((version) -> eventOfVersion.put(version.getLong("version"), version.getString("_id")));
			assertThat(eventOfVersion.values()).containsExactlyElementsOf(eventsInOrder.get(integrationId));
		}
	}

	@Test
	void twoRefreshesRacingFromTheSameVersion_makeExactlyOneNewVersion() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));
		java.time.Instant expiresAt = java.time.Instant.now()
			.plusSeconds(90)
			.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

		send(aRefresh(integrationId, 1L, expiresAt));
		send(aRefresh(integrationId, 1L, expiresAt));
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));

		statuses.await(forIntegration(integrationId).and((status) -> status.getVersion() == 3));
		assertThat(statuses.all(forIntegration(integrationId))).extracting(IntegrationStatusChanged::getVersion)
			.containsExactly(1L, 2L, 3L);
		IntegrationStatusChanged refreshed = statuses.all(forIntegration(integrationId)).get(1);
		assertThat(refreshed.getSource()).isEqualTo("REFRESH");
		assertThat(refreshed.getExpiresAt()).isEqualTo(expiresAt);
		assertThat(all("credential_versions").stream()
			.filter((document) -> integrationId.equals(document.getString("integrationId")))).hasSize(3);
	}

	@Test
	void refreshFailureOfTheCurrentVersion_movesItToReauthRequired() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));

		send(TokenRefreshFailed.newBuilder()
			.setEventId(Fixtures.anEventId())
			.setTenantId(TENANT)
			.setIntegrationId(integrationId)
			.setProvider("demo-oauth")
			.setName("default")
			.setVersion(1L)
			.setState("REAUTH_REQUIRED")
			.setReason("INVALID_GRANT")
			.setOccurredAt(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
			.build());

		IntegrationStatusChanged reauth = statuses
			.await(forIntegration(integrationId).and((status) -> status.getState().equals("REAUTH_REQUIRED")));
		assertThat(reauth.getReason()).isEqualTo("INVALID_GRANT");
		assertThat(credentialDocument(integrationId).getString("state")).isEqualTo("REAUTH_REQUIRED");
	}

	@Test
	void validScan_activatesTheCurrentVersion_andStaleScansAreIgnored() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));

		send(aScan(integrationId, 7, "INVALID", "REJECTED_BY_PLATFORM"));
		send(aScan(integrationId, 1, "VALID", null));

		IntegrationStatusChanged active = statuses
			.await(forIntegration(integrationId).and((status) -> status.getState().equals("ACTIVE")));
		assertThat(active.getReason()).isEqualTo("VERIFIED");
		assertThat(active.getLastVerifiedAt()).isNotNull();
		assertThat(statuses.all(forIntegration(integrationId))).extracting(IntegrationStatusChanged::getState)
			.doesNotContain("INVALID");
		assertThat(credentialDocument(integrationId).getString("state")).isEqualTo("ACTIVE");
	}

	@Test
	void aCredentialPendingTooLong_isReportedPendingAgain() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));

		// As if the scan of it had been lost an hour ago.
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(integrationId)),
					Update.update("updatedAt", Date.from(Instant.now().minus(Duration.ofHours(1)))), "credentials")
			.block();

		statuses.awaitCount(forIntegration(integrationId), 2);
		assertThat(statuses.all(forIntegration(integrationId)))
			.extracting(IntegrationStatusChanged::getState, IntegrationStatusChanged::getVersion)
			.containsOnly(org.assertj.core.groups.Tuple.tuple("PENDING_VERIFICATION", 1L));
		assertThat(this.mongo.indexOps("credentials").getIndexInfo().map(IndexInfo::getName).collectList().block())
			.contains("state_1");
	}

	@Test
	void lease_byTheConsumersOwnClient_sealsTheCurrentSecretToItAndIsAudited() {
		String integrationId = Fixtures.anIntegrationId();
		SecretFields secret = Fixtures.aDemoKey();
		send(aSubmission(integrationId, Fixtures.anEventId(), secret));
		statuses.await(forIntegration(integrationId));

		Lease lease = client("scanner", SCANNER_SIGNING).lease(TENANT, integrationId, Purpose.SCAN).block();

		assertThat(new LeaseOpener(new HpkeOpener(SCANNER), "scanner").open(lease)).isEqualTo(secret);
		assertThat(lease.provider()).isEqualTo("demo");
		assertThat(lease.version()).isEqualTo(1);
		Document audit = this.mongo.findById(lease.leaseId(), Document.class, "lease_audit").block();
		assertThat(audit).isNotNull();
		assertThat(audit.getString("consumer")).isEqualTo("scanner");
		assertThat(audit.getBoolean("authenticated")).isTrue();
		assertThat(audit.getString("purpose")).isEqualTo("scan");
		assertThat(audit.getString("outcome")).isEqualTo("GRANTED");
		assertThat(audit.getString("tenantId")).isEqualTo(TENANT);
		assertThat(audit.getString("integrationId")).isEqualTo(integrationId);
		assertThat(audit.getLong("version")).isEqualTo(1);
		assertThat(audit.getDate("leasedAt")).isNotNull();
		assertThat(audit.toJson()).doesNotContain(secret.value("apiKey"));
	}

	@Test
	void lease_withoutValidProof_isRefusedLikeAnUnknownIntegration_andAuditedAsRefused() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));

		String unsigned = answer(this.web.post()
			.uri("/internal/leases")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Latchkey-Consumer", "scanner")
			.bodyValue(Map.of("tenantId", TENANT, "integrationId", integrationId, "purpose", "scan")));
		StepVerifier.create(client("scanner", SCANNER_SIGNING).lease("another-tenant", integrationId, Purpose.SCAN))
			.expectError(VaultRefusedException.class)
			.verify();
		String unknown = answer(this.web.post()
			.uri("/internal/leases")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tenantId", TENANT, "integrationId", "int_unknown", "purpose", "scan")));

		assertThat(unsigned).startsWith("404").isEqualTo(unknown);
		List<Document> audits = this.mongo
			.find(Query.query(Criteria.where("integrationId").is(integrationId)), Document.class, "lease_audit")
			.collectList()
			.block();
		assertThat(audits)
			.extracting((audit) -> audit.getString("tenantId"), (audit) -> audit.getString("consumer"),
					(audit) -> audit.getBoolean("authenticated"), (audit) -> audit.getString("outcome"),
					(audit) -> audit.getString("reason"))
			.containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple(TENANT, "scanner", false, "REFUSED", "MISSING_PROOF"),
					org.assertj.core.groups.Tuple.tuple("another-tenant", "scanner", true, "REFUSED", "NOT_FOUND"));
	}

	@Test
	void accessLog_showsTheCollectorExactlyTheLeaseAttempts_aPageAtATime() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));
		VaultClient scanner = client("scanner", SCANNER_SIGNING);
		scanner.lease(TENANT, integrationId, Purpose.SCAN).block();
		scanner.lease(TENANT, integrationId, Purpose.SCAN).block();
		StepVerifier.create(client("collector", COLLECTOR_SIGNING).lease(TENANT, integrationId, Purpose.REFRESH))
			.as("an API key is outside the collector's scope")
			.expectError(VaultRefusedException.class)
			.verify();

		VaultClient collector = client("collector", COLLECTOR_SIGNING);
		AccessLogPage first = collector.accessLog(TENANT, integrationId, null, 2).block();
		AccessLogPage second = collector.accessLog(TENANT, integrationId, first.next(), 2).block();

		assertThat(first.entries())
			.extracting(AccessLogEntry::consumer, AccessLogEntry::purpose, AccessLogEntry::outcome,
					AccessLogEntry::reason)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("collector", "refresh", "REFUSED", "OUT_OF_SCOPE"),
					org.assertj.core.groups.Tuple.tuple("scanner", "scan", "GRANTED", null));
		assertThat(second.entries()).extracting(AccessLogEntry::consumer, AccessLogEntry::version)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("scanner", 1L));
		assertThat(second.next()).isNull();
		StepVerifier.create(collector.accessLog("another-tenant", integrationId, null, 2))
			.expectError(VaultRefusedException.class)
			.verify();
	}

	@Test
	void garbage_goesToTheDeadLetterTopic_andConsumingGoesOn() {
		String garbageKey = Fixtures.anIntegrationId();
		byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
		rawEvents.send(new ProducerRecord<>(Topics.CREDENTIAL_RECEIVED, garbageKey, garbage));
		String next = Fixtures.anIntegrationId();
		send(aSubmission(next, Fixtures.anEventId(), Fixtures.aDemoKey()));

		ConsumerRecord<String, byte[]> dead = deadLetters.awaitRecord((record) -> garbageKey.equals(record.key()));
		assertThat(dead.value()).isEqualTo(garbage);
		assertThat(header(dead, "latchkey-dlt-reason")).contains("DeserializationException");
		assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotBlank();
		assertThat(statuses.await(forIntegration(next)).getVersion()).isEqualTo(1);
	}

	@Test
	void undecryptableSubmission_goesToTheDeadLetterTopicWithoutTheSecret() {
		String integrationId = Fixtures.anIntegrationId();
		SecretFields secret = Fixtures.aDemoKey();
		CredentialReceived sealedToAnotherKey = aSubmission(integrationId, Fixtures.anEventId(), secret,
				Fixtures.anHpkeKeyset());
		send(sealedToAnotherKey);

		ConsumerRecord<String, byte[]> dead = deadLetters.awaitRecord((record) -> integrationId.equals(record.key()));
		assertThat(header(dead, "latchkey-dlt-reason")).contains("SealingException")
			.contains(sealedToAnotherKey.getEventId());
		for (Header header : dead.headers()) {
			assertThat(new String(header.value(), StandardCharsets.ISO_8859_1)).doesNotContain(secret.value("apiKey"));
		}
		assertThat(new String(dead.value(), StandardCharsets.ISO_8859_1)).doesNotContain(secret.value("apiKey"));
		assertThat(this.mongo.findById(integrationId, Document.class, "credentials").block()).isNull();
	}

	@Test
	void health_reportsLivenessAndReadiness() {
		for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			this.web.get()
				.uri(probe)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}
	}

	@Test
	void delete_shredsEveryVersion_tombstonesTheStatus_andRefusesLeases() {
		String integrationId = Fixtures.anIntegrationId();
		SecretFields first = Fixtures.aDemoKey();
		send(aSubmission(integrationId, Fixtures.anEventId(), first));
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.awaitCount((status) -> forIntegration(integrationId).test(status) && status.getVersion() == 2, 1);
		Document versionOne = this.mongo
			.findOne(Query.query(Criteria.where("integrationId").is(integrationId).and("version").is(1)),
					Document.class, "credential_versions")
			.block();
		StoredVersion where = stored(TENANT, integrationId, 1);
		assertThat(this.keys.decrypt(where, envelopeOf(versionOne)).block()).isEqualTo(first);

		signed("collector", COLLECTOR_SIGNING, HttpMethod.DELETE,
				"/internal/integrations/" + integrationId + "?tenant=" + "another-tenant")
			.expectStatus()
			.isNotFound();
		signed("collector", COLLECTOR_SIGNING, HttpMethod.DELETE,
				"/internal/integrations/" + integrationId + "?tenant=" + TENANT)
			.expectStatus()
			.isNoContent();
		signed("collector", COLLECTOR_SIGNING, HttpMethod.DELETE,
				"/internal/integrations/" + integrationId + "?tenant=" + TENANT)
			.expectStatus()
			.isNoContent();

		statuses.awaitRecord((record) -> integrationId.equals(record.key()) && record.value() == null);
		for (Document version : this.mongo
			.find(Query.query(Criteria.where("integrationId").is(integrationId)), Document.class, "credential_versions")
			.collectList()
			.block()) {
			assertThat(version.get("secret", Document.class)).doesNotContainKey("wrappedDataKey");
			assertThat(version.getDate("shreddedAt")).isNotNull();
			// The root and tenant keys are all here: nothing opens it any more.
			StoredVersion stored = stored(TENANT, integrationId, version.getLong("version"));
			assertThatThrownBy(() -> this.keys.decrypt(stored, envelopeOf(version)).block())
				.isInstanceOf(SealingException.class);
		}
		Document deleted = credentialDocument(integrationId);
		assertThat(deleted.getString("state")).isEqualTo("DELETED");
		assertThat(deleted.get("secret")).isNull();
		lease("scanner", TENANT, integrationId).expectStatus().isNotFound();
		signed("collector", COLLECTOR_SIGNING, HttpMethod.GET,
				"/internal/integrations/" + integrationId + "?tenant=" + TENANT)
			.expectStatus()
			.isNotFound();
	}

	@Test
	void tenantRotation_underConcurrentIngest_rewrapsEveryDataKey_andLosesOrDuplicatesNothing() {
		String tenant = "t-rotate-" + UUID.randomUUID();
		Map<StoredVersion, SecretFields> sent = new ConcurrentHashMap<>();
		List<String> integrations = IntStream.range(0, 20).mapToObj((i) -> Fixtures.anIntegrationId()).toList();
		sendVersion(tenant, integrations, 1, sent);
		statuses.awaitCount((status) -> tenant.equals(status.getTenantId()), integrations.size());
		long before = this.rotation.tenantPrimaryKeyId(tenant).block();

		String operation = startOperation("/internal/operations/rotate-tenant?tenant=" + tenant);
		sendVersion(tenant, integrations, 2, sent);
		Document done = awaitOperation(operation);

		statuses.awaitCount((status) -> tenant.equals(status.getTenantId()) && status.getVersion() == 2,
				integrations.size());
		long primary = this.rotation.tenantPrimaryKeyId(tenant).block();
		assertThat(primary).isNotEqualTo(before);
		assertThat(done.getString("state")).isEqualTo("DONE");
		assertThat(((Number) done.get("failed")).longValue()).isZero();
		List<Document> versions = this.mongo
			.find(Query.query(Criteria.where("tenantId").is(tenant)), Document.class, "credential_versions")
			.collectList()
			.block();
		assertThat(versions).hasSize(2 * integrations.size());
		assertThat(versions.stream().map((v) -> v.getString("integrationId") + "@" + v.getLong("version")).distinct())
			.hasSize(2 * integrations.size());
		// Every version is under the new key once the rewrap is done: the old one can go.
		operator(HttpMethod.POST, "/internal/operations/disable-old-keys?tenant=" + tenant).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.disabled[0]")
			.isEqualTo(before);
		for (Document version : versions) {
			assertThat(version.get("secret", Document.class).getLong("tenantKeyId")).isEqualTo(primary);
			StoredVersion where = stored(tenant, version.getString("integrationId"), version.getLong("version"));
			assertThat(this.keys.decrypt(where, envelopeOf(version)).block()).isEqualTo(sent.get(where));
		}
	}

	@Test
	void disablingOldKeys_isRefusedWithAReport_whileARecordStillNeedsThem() {
		String tenant = "t-min-" + UUID.randomUUID();
		List<String> integrations = List.of(Fixtures.anIntegrationId(), Fixtures.anIntegrationId());
		sendVersion(tenant, integrations, 1, new ConcurrentHashMap<>());
		statuses.awaitCount((status) -> tenant.equals(status.getTenantId()), integrations.size());
		// A rotation without its rewrap: every record still needs the old key.
		this.rotation.rotateTenant(tenant).block();

		operator(HttpMethod.POST, "/internal/operations/disable-old-keys?tenant=" + tenant).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.refused")
			.isEqualTo(true)
			.jsonPath("$.stillNeeded")
			.isEqualTo(4)
			.jsonPath("$.needing.length()")
			.isEqualTo(4);

		// A rewrap interrupted before its first checkpoint resumes and finishes.
		String operation = "tenant-interrupted-" + UUID.randomUUID();
		this.mongo
			.insert(new Document("_id", operation).append("kind", "TENANT_REWRAP")
				.append("tenantId", tenant)
				.append("targetKeyId", this.rotation.tenantPrimaryKeyId(tenant).block())
				.append("state", "RUNNING")
				.append("pass", 1)
				.append("phase", 0)
				.append("lastId", null)
				.append("total", 4L)
				.append("done", 0L)
				.append("failed", 0L)
				.append("remaining", 0L)
				.append("startedAt", new Date())
				.append("updatedAt", new Date()), "key_operations")
			.block();
		operator(HttpMethod.POST, "/internal/operations/resume").expectStatus().isOk();
		Document done = awaitOperation(operation);
		assertThat(((Number) done.get("done")).longValue()).isEqualTo(4);
		operator(HttpMethod.POST, "/internal/operations/disable-old-keys?tenant=" + tenant).expectStatus().isOk();
	}

	@Test
	void rootRotation_rewrapsOnlyTenantKeys_andEveryCredentialStillOpens() {
		String tenant = "t-root-" + UUID.randomUUID();
		Map<StoredVersion, SecretFields> sent = new ConcurrentHashMap<>();
		List<String> integrations = List.of(Fixtures.anIntegrationId(), Fixtures.anIntegrationId());
		sendVersion(tenant, integrations, 1, sent);
		statuses.awaitCount((status) -> tenant.equals(status.getTenantId()), integrations.size());
		List<Document> versionsBefore = all("credential_versions");
		long oldRoot = this.rotation.rootPrimaryKeyId();

		Document done = awaitOperation(startOperation("/internal/operations/rotate-root"));

		long newRoot = this.rotation.rootPrimaryKeyId();
		assertThat(newRoot).isNotEqualTo(oldRoot);
		assertThat(((Number) done.get("failed")).longValue()).isZero();
		assertThat(all("tenant_keys")).filteredOn((key) -> key.get("keyset") != null)
			.allSatisfy((key) -> assertThat(key.getLong("rootKeyId")).isEqualTo(newRoot));
		// Cost grows with tenants: not one credential document was touched.
		assertThat(all("credential_versions")).containsAll(versionsBefore);
		operator(HttpMethod.POST, "/internal/operations/disable-old-keys").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.disabled[0]")
			.isEqualTo(oldRoot);
		for (Map.Entry<StoredVersion, SecretFields> version : sent.entrySet()) {
			Document stored = this.mongo.findOne(Query.query(Criteria.where("integrationId")
				.is(version.getKey().integrationId())
				.and("version")
				.is(version.getKey().version())), Document.class, "credential_versions").block();
			assertThat(this.keys.decrypt(version.getKey(), envelopeOf(stored)).block()).isEqualTo(version.getValue());
		}
	}

	@Test
	void offboarding_destroysTheTenantKey_andTombstonesEveryIntegration_once() {
		String tenant = "t-offboard-" + UUID.randomUUID();
		List<String> integrations = List.of(Fixtures.anIntegrationId(), Fixtures.anIntegrationId(),
				Fixtures.anIntegrationId());
		sendVersion(tenant, integrations, 1, new ConcurrentHashMap<>());
		statuses.awaitCount((status) -> tenant.equals(status.getTenantId()), integrations.size());

		Document done = awaitOperation(startOperation("/internal/operations/offboard?tenant=" + tenant));

		assertThat(((Number) done.get("done")).longValue()).isEqualTo(3);
		for (String integration : integrations) {
			statuses.awaitRecord((record) -> integration.equals(record.key()) && record.value() == null);
			assertThat(credentialDocument(integration).getString("state")).isEqualTo("DELETED");
		}
		Document key = this.mongo.findById(tenant, Document.class, "tenant_keys").block();
		assertThat(key.get("keyset")).isNull();
		assertThat(key.getDate("destroyedAt")).isNotNull();
		// Offboarding again reports the same operation and deletes nothing more.
		operator(HttpMethod.POST, "/internal/operations/offboard?tenant=" + tenant).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(done.getString("_id"))
			.jsonPath("$.done")
			.isEqualTo(3);
	}

	private void sendVersion(String tenant, List<String> integrations, long version,
			Map<StoredVersion, SecretFields> sent) {
		for (String integration : integrations) {
			SecretFields secret = Fixtures.aDemoKey();
			sent.put(stored(tenant, integration, version), secret);
			send(aSubmission(tenant, integration, Fixtures.anEventId(), secret, SUBMISSION));
		}
	}

	/** A request to the internal API, signed as the consumer signs it. */
	private WebTestClient.ResponseSpec signed(String consumer, KeysetHandle signingKey, HttpMethod method,
			String pathAndQuery, byte[] body) {
		long now = java.time.Instant.now().getEpochSecond();
		String signature = new RequestSigner(signingKey)
			.sign(new SignedRequest(consumer, method.name(), pathAndQuery, now, body));
		WebTestClient.RequestBodySpec request = this.web.method(method)
			.uri("http://localhost:" + this.port + pathAndQuery)
			.header(SignedRequest.CONSUMER_HEADER, consumer)
			.header(SignedRequest.TIMESTAMP_HEADER, Long.toString(now))
			.header(SignedRequest.SIGNATURE_HEADER, signature);
		return ((body.length > 0) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request)
			.exchange();
	}

	private WebTestClient.ResponseSpec signed(String consumer, KeysetHandle signingKey, HttpMethod method,
			String pathAndQuery) {
		return signed(consumer, signingKey, method, pathAndQuery, new byte[0]);
	}

	private WebTestClient.ResponseSpec operator(HttpMethod method, String pathAndQuery) {
		return signed("operator", OPERATOR_SIGNING, method, pathAndQuery);
	}

	private WebTestClient.ResponseSpec lease(String consumer, String tenantId, String integrationId) {
		byte[] body = ("{\"tenantId\":\"" + tenantId + "\",\"integrationId\":\"" + integrationId
				+ "\",\"purpose\":\"scan\"}")
			.getBytes(StandardCharsets.UTF_8);
		return signed(consumer, SCANNER_SIGNING, HttpMethod.POST, "/internal/leases", body);
	}

	private String startOperation(String uri) {
		String body = operator(HttpMethod.POST, uri).expectStatus()
			.isAccepted()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return Document.parse(body).getString("id");
	}

	private Document awaitOperation(String id) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Document operation = this.mongo.findById(id, Document.class, "key_operations").block();
			if (operation != null && "DONE".equals(operation.getString("state"))) {
				return operation;
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return fail("Key operation " + id + " did not finish within " + WAIT);
	}

	/** Where the vault stored a demo submission of these tests. */
	private static StoredVersion stored(String tenant, String integrationId, long version) {
		return new StoredVersion(tenant, integrationId, version, "demo", "default", Fixtures.demoPublicFields());
	}

	@Test
	void tamperedRecords_turnErrorWithIntegrityFailure_once_andOthersAreUnaffected() {
		List<String> integrations = IntStream.range(0, 5).mapToObj((i) -> Fixtures.anIntegrationId()).toList();
		for (String integration : integrations) {
			send(aSubmission(integration, Fixtures.anEventId(), Fixtures.aDemoKey()));
			send(aSubmission(integration, Fixtures.anEventId(), Fixtures.aDemoKey()));
		}
		statuses.awaitCount((status) -> integrations.contains(status.getIntegrationId()) && status.getVersion() == 2,
				integrations.size());
		Document versionOne = this.mongo
			.findOne(Query.query(Criteria.where("integrationId").is(integrations.get(2)).and("version").is(1)),
					Document.class, "credential_versions")
			.block();
		// A flipped byte, another record's envelope, version 1 restored as current, an
		// edited public field; the fifth stays as it is.
		tamper(integrations.get(0), (secret) -> {
			byte[] ciphertext = secret.get("ciphertext", Binary.class).getData();
			ciphertext[ciphertext.length - 1] ^= 1;
			secret.put("ciphertext", new Binary(ciphertext));
		}, null);
		Document other = credentialDocument(integrations.get(4)).get("secret", Document.class);
		tamper(integrations.get(1), (secret) -> secret.putAll(other), null);
		tamper(integrations.get(2), (secret) -> secret.putAll(versionOne.get("secret", Document.class)), null);
		tamper(integrations.get(3), null, new Document("account", "someone-else"));

		for (String integration : integrations.subList(0, 4)) {
			lease("scanner", TENANT, integration).expectStatus()
				.isEqualTo(409)
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("INTEGRITY_FAILURE");
			IntegrationStatusChanged failed = statuses
				.await((status) -> status.getIntegrationId().equals(integration) && "ERROR".equals(status.getState()));
			assertThat(failed.getReason()).isEqualTo("INTEGRITY_FAILURE");
			assertThat(credentialDocument(integration).getString("reason")).isEqualTo("INTEGRITY_FAILURE");
			// Asked again: still refused, and marked only once.
			lease("scanner", TENANT, integration).expectStatus().isEqualTo(409);
		}
		lease("scanner", TENANT, integrations.get(4)).expectStatus().isOk();
		statuses.poll();
		for (String integration : integrations.subList(0, 4)) {
			assertThat(statuses.all((status) -> status.getIntegrationId().equals(integration)
					&& "INTEGRITY_FAILURE".equals(status.getReason())))
				.hasSize(1);
		}
	}

	private void tamper(String integrationId, java.util.function.Consumer<Document> secret, Document publicFields) {
		Document stored = credentialDocument(integrationId);
		if (secret != null) {
			Document edited = new Document(stored.get("secret", Document.class));
			secret.accept(edited);
			stored.put("secret", edited);
		}
		if (publicFields != null) {
			stored.put("publicFields", publicFields);
		}
		this.mongo.save(stored, "credentials").block();
	}

	private static Envelope envelopeOf(Document version) {
		Document secret = version.get("secret", Document.class);
		Binary wrapped = secret.get("wrappedDataKey", Binary.class);
		return new Envelope(secret.get("ciphertext", Binary.class).getData(),
				(wrapped != null) ? wrapped.getData() : new byte[0], secret.getLong("rootKeyId"),
				secret.getLong("tenantKeyId"), secret.getInteger("format"));
	}

	private VaultClient client(String consumer, KeysetHandle signingKey) {
		return new VaultClient("http://localhost:" + this.port, consumer, new RequestSigner(signingKey),
				Duration.ofSeconds(10));
	}

	private static String answer(WebTestClient.RequestHeadersSpec<?> request) {
		var result = request.exchange().expectBody(String.class).returnResult();
		return result.getStatus().value() + " " + result.getResponseBody();
	}

	private Document credentialDocument(String integrationId) {
		return this.mongo.findById(integrationId, Document.class, "credentials").block();
	}

	private List<Document> all(String collection) {
		return this.mongo.getCollection(collection).flatMapMany((c) -> c.find()).collectList().block();
	}

	private static String bsonText(Document document) {
		ByteBuffer bytes = new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().asNIO();
		byte[] raw = new byte[bytes.remaining()];
		bytes.get(raw);
		return new String(raw, StandardCharsets.ISO_8859_1);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static Predicate<IntegrationStatusChanged> forIntegration(String integrationId) {
		return (status) -> status.getIntegrationId().equals(integrationId);
	}

	private static void send(Object event) {
		String key;
		String topic;
		if (event instanceof CredentialReceived received) {
			key = received.getIntegrationId();
			topic = Topics.CREDENTIAL_RECEIVED;
		}
		else if (event instanceof TokenRefreshFailed failed) {
			key = failed.getIntegrationId();
			topic = Topics.TOKEN_REFRESH_FAILED;
		}
		else {
			key = ((ScanCompleted) event).getIntegrationId();
			topic = Topics.SCAN_COMPLETED;
		}
		try {
			events.send(new ProducerRecord<>(topic, key, event)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot send test event", ex);
		}
	}

	private static CredentialReceived aRefresh(String integrationId, long basedOn, java.time.Instant expiresAt) {
		return CredentialReceived.newBuilder(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()))
			.setSource("REFRESH")
			.setBasedOnVersion(basedOn)
			.setExpiresAt(expiresAt)
			.build();
	}

	private static CredentialReceived aSubmission(String integrationId, String eventId, SecretFields secret) {
		return aSubmission(integrationId, eventId, secret, SUBMISSION);
	}

	private static CredentialReceived aSubmission(String integrationId, String eventId, SecretFields secret,
			KeysetHandle sealedTo) {
		return aSubmission(TENANT, integrationId, eventId, secret, sealedTo);
	}

	private static CredentialReceived aSubmission(String tenant, String integrationId, String eventId,
			SecretFields secret, KeysetHandle sealedTo) {
		byte[] sealed = new HpkeSealer(Keysets.publicOf(sealedTo)).seal(secret,
				AssociatedData.forSubmission(tenant, integrationId, eventId));
		return CredentialReceived.newBuilder()
			.setEventId(eventId)
			.setTenantId(tenant)
			.setIntegrationId(integrationId)
			.setProvider("demo")
			.setName("default")
			.setOccurredAt(Instant.now())
			.setSource("API_KEY")
			.setPublicFields(Fixtures.demoPublicFields())
			.setSealedSecret(ByteBuffer.wrap(sealed))
			.build();
	}

	@Test
	void scans_setStateReasonChecksAndFindings_publishEveryCheck_andAreKeptInTheHistoryOnce() {
		String integrationId = Fixtures.anIntegrationId();
		send(CredentialReceived.newBuilder(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()))
			.setScanEverySeconds(3600L)
			.build());
		assertThat(statuses.await(forIntegration(integrationId)).getScanEverySeconds()).isEqualTo(3600L);
		Instant firstCheck = Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		ScanCompleted valid = aScan(integrationId, 1, "VALID", "VERIFIED", firstCheck, "NEW_VERSION",
				List.of(aFinding("ACCOUNT", "Connected to demo account acme-demo.")), firstCheck.plusSeconds(3600));
		ScanCompleted validAgain = aScan(integrationId, 1, "VALID", "VERIFIED", firstCheck.plusSeconds(60), "ON_DEMAND",
				List.of(aFinding("ACCOUNT", "Connected to demo account acme-demo.")), firstCheck.plusSeconds(3660));
		ScanCompleted revoked = aScan(integrationId, 1, "INVALID", "REVOKED_AT_PLATFORM", firstCheck.plusSeconds(90),
				"SCHEDULED", List.of(), firstCheck.plusSeconds(3690));

		send(valid);
		send(validAgain);
		send(revoked);
		send(valid);

		IntegrationStatusChanged invalid = statuses
			.await(forIntegration(integrationId).and((status) -> status.getState().equals("INVALID")));
		assertThat(invalid.getReason()).isEqualTo("REVOKED_AT_PLATFORM");
		assertThat(invalid.getLastCheckedAt()).isEqualTo(firstCheck.plusSeconds(90));
		assertThat(invalid.getLastVerifiedAt()).isEqualTo(firstCheck.plusSeconds(60));
		assertThat(invalid.getNextCheckAt()).isEqualTo(firstCheck.plusSeconds(3690));
		assertThat(invalid.getScanEverySeconds()).isEqualTo(3600L);
		List<IntegrationStatusChanged> active = statuses
			.all(forIntegration(integrationId).and((status) -> status.getState().equals("ACTIVE")));
		assertThat(active).extracting(IntegrationStatusChanged::getLastCheckedAt)
			.as("a check that changes no state is published too")
			.containsSubsequence(firstCheck, firstCheck.plusSeconds(60));
		assertThat(active.get(0).getFindings()).extracting(dev.latchkey.schemas.Finding::getCode)
			.containsExactly("ACCOUNT");
		assertThat(active.get(0).getFindings().get(0).getAttributes()).containsEntry("account", "acme-demo");

		VaultClient collector = client("collector", COLLECTOR_SIGNING);
		AssessmentPage first = collector.assessments(TENANT, integrationId, null, 2).block();
		AssessmentPage second = collector.assessments(TENANT, integrationId, first.next(), 2).block();
		assertThat(first.entries())
			.extracting(AssessmentPage.Assessment::outcome, AssessmentPage.Assessment::reason,
					AssessmentPage.Assessment::trigger)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("INVALID", "REVOKED_AT_PLATFORM", "SCHEDULED"),
					org.assertj.core.groups.Tuple.tuple("VALID", "VERIFIED", "ON_DEMAND"));
		assertThat(second.entries()).extracting(AssessmentPage.Assessment::at)
			.as("the re-delivered scan is kept once")
			.containsExactly(firstCheck);
		assertThat(second.entries().get(0).findings()).extracting(AssessmentPage.Finding::code)
			.containsExactly("ACCOUNT");
		assertThat(second.next()).isNull();
		StepVerifier.create(collector.assessments("another-tenant", integrationId, null, 2))
			.expectError(VaultRefusedException.class)
			.verify();
		StepVerifier.create(client("scanner", SCANNER_SIGNING).assessments(TENANT, integrationId, null, 2))
			.as("outside the scanner's scope")
			.expectError(VaultRefusedException.class)
			.verify();
	}

	@Test
	void assessments_keepOnlyTheNewestOfEachIntegration() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));
		Instant start = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		for (int i = 0; i < 5; i++) {
			send(aScan(integrationId, 1, "VALID", "VERIFIED", start.plusSeconds(i), "SCHEDULED", List.of(), null));
		}
		statuses.await(
				forIntegration(integrationId).and((status) -> start.plusSeconds(4).equals(status.getLastCheckedAt())));

		List<Document> kept = this.mongo
			.find(Query.query(Criteria.where("integrationId").is(integrationId)), Document.class, "assessments")
			.collectList()
			.block();
		assertThat(kept).extracting((document) -> document.getDate("checkedAt").toInstant())
			.as("keep = 3 in this test")
			.containsExactlyInAnyOrder(start.plusSeconds(2), start.plusSeconds(3), start.plusSeconds(4));
	}

	@Test
	void schedule_byTheCollector_isStoredAndPublished_andOnlyForTheTenantsIntegration() {
		String integrationId = Fixtures.anIntegrationId();
		send(aSubmission(integrationId, Fixtures.anEventId(), Fixtures.aDemoKey()));
		statuses.await(forIntegration(integrationId));
		VaultClient collector = client("collector", COLLECTOR_SIGNING);

		collector.schedule(TENANT, integrationId, 21600L).block();
		statuses.await(forIntegration(integrationId)
			.and((status) -> Long.valueOf(21600).equals(status.getScanEverySeconds())));
		assertThat(credentialDocument(integrationId).getLong("scanEverySeconds")).isEqualTo(21600L);
		collector.schedule(TENANT, integrationId, null).block();
		statuses.awaitCount(forIntegration(integrationId), 3);

		assertThat(statuses.all(forIntegration(integrationId)))
			.extracting(IntegrationStatusChanged::getScanEverySeconds)
			.containsExactly(null, 21600L, null);
		StepVerifier.create(collector.schedule("another-tenant", integrationId, 3600L))
			.expectError(VaultRefusedException.class)
			.verify();
		StepVerifier.create(client("scanner", SCANNER_SIGNING).schedule(TENANT, integrationId, 3600L))
			.expectError(VaultRefusedException.class)
			.verify();
		StepVerifier.create(collector.schedule(TENANT, integrationId, 0L))
			.expectErrorMatches((ex) -> ex instanceof VaultRefusedException refused && refused.status() == 400)
			.verify();
		assertThat(credentialDocument(integrationId).get("scanEverySeconds")).isNull();
	}

	private static dev.latchkey.schemas.Finding aFinding(String code, String message) {
		return dev.latchkey.schemas.Finding.newBuilder()
			.setCode(code)
			.setSeverity("INFO")
			.setMessage(message)
			.setAttributes(Map.of("account", "acme-demo"))
			.build();
	}

	private static ScanCompleted aScan(String integrationId, long version, String outcome, String reason,
			Instant occurredAt, String trigger, List<dev.latchkey.schemas.Finding> findings, Instant nextCheckAt) {
		return ScanCompleted.newBuilder(aScan(integrationId, version, outcome, reason))
			.setOccurredAt(occurredAt)
			.setTrigger(trigger)
			.setFindings(findings)
			.setNextCheckAt(nextCheckAt)
			.build();
	}

	private static ScanCompleted aScan(String integrationId, long version, String outcome, String reason) {
		return ScanCompleted.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId(TENANT)
			.setIntegrationId(integrationId)
			.setProvider("demo")
			.setOccurredAt(Instant.now())
			.setVersion(version)
			.setOutcome(outcome)
			.setHttpStatus(outcome.equals("VALID") ? 200 : 401)
			.setLatencyMillis(12)
			.setReason(reason)
			.build();
	}

	private static Map<String, Object> serdeSettings(SharedInfrastructure infra) {
		Map<String, Object> settings = new HashMap<>();
		settings.put("apicurio.registry.url", infra.registryUrl());
		settings.put("apicurio.registry.as-confluent", true);
		settings.put("apicurio.registry.use-id", "contentId");
		settings.put("apicurio.registry.headers.enabled", false);
		settings.put("apicurio.registry.auto-register", true);
		settings.put("apicurio.registry.use-specific-avro-reader", true);
		return settings;
	}

	private static AvroKafkaSerializer<Object> avroSerializer(Map<String, Object> settings) {
		AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
		serializer.configure(settings, false);
		return serializer;
	}

	private static AvroKafkaDeserializer<IntegrationStatusChanged> avroDeserializer(SharedInfrastructure infra) {
		AvroKafkaDeserializer<IntegrationStatusChanged> deserializer = new AvroKafkaDeserializer<>();
		deserializer.configure(serdeSettings(infra), false);
		return deserializer;
	}

	private static void createTopics(String bootstrapServers) {
		List<String> names = List.of(Topics.CREDENTIAL_RECEIVED, Topics.SCAN_COMPLETED, Topics.INTEGRATION_STATUS,
				Topics.deadLetterOf(Topics.CREDENTIAL_RECEIVED), Topics.deadLetterOf(Topics.SCAN_COMPLETED));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			List<String> existing = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
			List<NewTopic> missing = names.stream()
				.filter((name) -> !existing.contains(name))
				.map((name) -> new NewTopic(name, 2, (short) 1))
				.toList();
			admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot create topics", ex);
		}
	}

	/** Everything received on one topic so far, read from the beginning. */
	private static final class Received<V> implements AutoCloseable {

		private final KafkaConsumer<String, V> consumer;

		private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

		Received(SharedInfrastructure infra, String topic,
				org.apache.kafka.common.serialization.Deserializer<V> values) {
			Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
					infra.kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "vault-it-" + UUID.randomUUID(),
					ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values);
			this.consumer.subscribe(List.of(topic));
		}

		V await(Predicate<V> match) {
			return awaitRecord((record) -> record.value() != null && match.test(record.value())).value();
		}

		void awaitCount(Predicate<V> match, int count) {
			poll(() -> all(match).size() >= count, "at least " + count + " matching records");
		}

		List<V> all(Predicate<V> match) {
			return this.records.stream()
				.map(ConsumerRecord::value)
				.filter((value) -> value != null && match.test(value))
				.toList();
		}

		ConsumerRecord<String, V> awaitRecord(Predicate<ConsumerRecord<String, V>> match) {
			poll(() -> this.records.stream().anyMatch(match), "a matching record");
			return this.records.stream().filter(match).findFirst().orElseThrow();
		}

		/** Reads what arrived meanwhile, without waiting for anything. */
		void poll() {
			this.consumer.poll(Duration.ofMillis(500)).forEach(this.records::add);
		}

		private void poll(java.util.function.BooleanSupplier done, String what) {
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (!done.getAsBoolean()) {
				if (System.nanoTime() > deadline) {
					fail("Waited " + WAIT + " for " + what + "; received " + this.records.size() + " records");
				}
				this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
			}
		}

		@Override
		public void close() {
			this.consumer.close();
		}

	}

}

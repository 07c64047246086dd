package dev.latchkey.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.schemas.Topics;
import dev.latchkey.vaultclient.Lease;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Drives the whole system — collector, vault, scanner, status, on a real KRaft broker,
 * the Apicurio registry and mongo-java-server — the way a user would, through HTTP only,
 * and then inspects what the system stored and said.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

	private static final Duration VERIFIED_WITHIN = Duration.ofSeconds(60);

	static Path home;

	static Ports ports;

	static LocalStack stack;

	/** Starts the system, again for the restart: the embedded default here. */
	private static Supplier<LocalStack> starter;

	private static final RecordingHttp http = new RecordingHttp();

	@BeforeAll
	static void startTheSystem() throws IOException {
		start(() -> LocalStack.start(home, ports, repositoryRoot()));
	}

	/**
	 * Starts the system with {@code system} on free ports and a new data directory;
	 * {@link ContainersEndToEndIT} starts it against the images of docker-compose.yml.
	 */
	static void start(Supplier<LocalStack> system) throws IOException {
		// A status answer that is not there yet (404 before the view has the integration)
		// is
		// one more poll, not a failure; a timeout still reports the last problem.
		Awaitility.ignoreExceptionsByDefault();
		home = Files.createTempDirectory("latchkey-e2e");
		ports = Ports.free();
		// Demo OAuth tokens live 90 s and are refreshed 60 s before expiry: a refresh
		// happens about 30 s after a connect.
		System.setProperty("latchkey.demo-oauth.token-lifetime", "90s");
		System.setProperty("latchkey.oauth.refresh.margin", "60s");
		// JSON service logs (ECS): the canary sweep reads them too.
		System.setProperty(LocalStack.LOG_FORMAT_PROPERTY, "ecs");
		starter = system;
		stack = starter.get();
	}

	@AfterAll
	static void stopTheSystem() {
		Awaitility.reset();
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	@Order(1)
	@DisplayName("a working demo key turns true and ACTIVE on the status endpoint")
	void workingKeyBecomesActive() {
		String token = stack.tokenFor("tenant-a", Duration.ofMinutes(30));

		HttpResponse<String> accepted = http.postJson(collector("/api/integrations/demo/credentials"), token,
				Fixtures.demoCredential(Fixtures.aWorkingDemoKey()));

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat((String) JsonPath.read(accepted.body(), "$.state")).isEqualTo("pending");
		await().atMost(VERIFIED_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<String> status = http.get(status("/api/integrations/status"), token);
			assertThat(status.statusCode()).isEqualTo(200);
			assertThat((Boolean) JsonPath.read(status.body(), "$.integrations.demo")).isTrue();
		});
		HttpResponse<String> detail = http.get(status("/api/integrations/status/demo"), token);
		assertThat((String) JsonPath.read(detail.body(), "$.state")).isEqualTo("ACTIVE");
		assertThat((Integer) JsonPath.read(detail.body(), "$.version")).isEqualTo(1);
		assertThat((String) JsonPath.read(detail.body(), "$.lastVerifiedAt")).isNotBlank();
	}

	@Test
	@Order(2)
	@DisplayName("a key the platform rejects turns INVALID")
	void rejectedKeyBecomesInvalid() {
		String token = stack.tokenFor("tenant-rejected", Duration.ofMinutes(30));

		assertThat(http
			.postJson(collector("/api/integrations/demo/credentials"), token,
					Fixtures.demoCredential(Fixtures.aRejectedDemoKey()))
			.statusCode()).isEqualTo(202);

		await().atMost(VERIFIED_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<String> detail = http.get(status("/api/integrations/status/demo"), token);
			assertThat(detail.statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(detail.body(), "$.state")).isEqualTo("INVALID");
		});
		HttpResponse<String> all = http.get(status("/api/integrations/status"), token);
		assertThat((Boolean) JsonPath.read(all.body(), "$.integrations.demo")).isFalse();
	}

	@Test
	@Order(3)
	@DisplayName("replaying the same credential event creates no new version")
	void replayedEventCreatesNoNewVersion() throws Exception {
		String token = stack.tokenFor("tenant-replay", Duration.ofMinutes(30));
		HttpResponse<String> accepted = http.postJson(collector("/api/integrations/demo/credentials"), token,
				Fixtures.demoCredential(Fixtures.aWorkingDemoKey()));
		String integrationId = JsonPath.read(accepted.body(), "$.integrationId");
		// Until the status service has seen the integration it answers 404 without a
		// state.
		await().atMost(VERIFIED_WITHIN)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(
					(String) JsonPath.read(http.get(status("/api/integrations/status/demo"), token).body(), "$.state"))
				.isEqualTo("ACTIVE"));

		List<ConsumerRecord<byte[], byte[]>> originals = recordsWithKey(Topics.CREDENTIAL_RECEIVED, integrationId);
		assertThat(originals).hasSize(1);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			ConsumerRecord<byte[], byte[]> original = originals.get(0);
			producer.send(new ProducerRecord<>(original.topic(), original.key(), original.value()))
				.get(10, TimeUnit.SECONDS);
		}
		awaitConsumed("vault", Topics.CREDENTIAL_RECEIVED);

		try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
			Document stored = mongo.getDatabase("latchkey")
				.getCollection("credentials")
				.find(new Document("_id", integrationId))
				.first();
			assertThat(stored).isNotNull();
			assertThat(((Number) stored.get("version")).longValue()).isEqualTo(1L);
		}
		HttpResponse<String> detail = http.get(status("/api/integrations/status/demo"), token);
		assertThat((Integer) JsonPath.read(detail.body(), "$.version")).isEqualTo(1);
		assertThat((String) JsonPath.read(detail.body(), "$.state")).isEqualTo("ACTIVE");
	}

	@Test
	@Order(4)
	@DisplayName("tenant B can neither read nor list tenant A's integrations")
	void tenantsAreIsolated() {
		String tenantA = stack.tokenFor("tenant-a", Duration.ofMinutes(30));
		String tenantB = stack.tokenFor("tenant-b", Duration.ofMinutes(30));
		assertThat(http.get(status("/api/integrations"), tenantA).body()).contains("\"demo\"");

		HttpResponse<String> detail = http.get(status("/api/integrations/status/demo"), tenantB);
		HttpResponse<String> list = http.get(status("/api/integrations"), tenantB);
		HttpResponse<String> booleans = http.get(status("/api/integrations/status"), tenantB);

		assertThat(detail.statusCode()).isEqualTo(404);
		assertThat(detail.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat((List<?>) JsonPath.read(list.body(), "$.integrations")).isEmpty();
		assertThat((Boolean) JsonPath.read(booleans.body(), "$.integrations.demo")).isFalse();
	}

	@Test
	@Order(5)
	@DisplayName("bad input gets a problem+json answer and publishes nothing")
	void badInputPublishesNothing() throws Exception {
		String token = stack.tokenFor("tenant-bad-input", Duration.ofMinutes(30));
		long before = recordCount(Topics.CREDENTIAL_RECEIVED);
		Map<String, Integer> expected = Map.of("unknown provider", 404, "missing field", 400, "bad pattern", 400,
				"unknown field", 400, "malformed json", 400, "too large", 413, "no token", 401);
		List<String> wrong = new ArrayList<>();
		check(wrong, expected, "unknown provider",
				http.postJson(collector("/api/integrations/nosuch/credentials"), token, "{\"fields\":{\"a\":\"b\"}}"));
		check(wrong, expected, "missing field",
				http.postJson(collector("/api/integrations/demo/credentials"), token, "{\"fields\":{}}"));
		check(wrong, expected, "bad pattern", http.postJson(collector("/api/integrations/demo/credentials"), token,
				Fixtures.demoCredential("not-a-demo-key")));
		check(wrong, expected, "unknown field", http.postJson(collector("/api/integrations/demo/credentials"), token,
				"{\"fields\":{\"api_key\":\"demo_live_12345678\",\"colour\":\"red\"}}"));
		check(wrong, expected, "malformed json",
				http.postJson(collector("/api/integrations/demo/credentials"), token, "{\"fields\": {"));
		check(wrong, expected, "too large", http.postJson(collector("/api/integrations/demo/credentials"), token,
				Fixtures.demoCredential("demo_live_" + "x".repeat(17 * 1024))));
		check(wrong, expected, "no token", http.postJson(collector("/api/integrations/demo/credentials"), null,
				Fixtures.demoCredential(Fixtures.aWorkingDemoKey())));

		assertThat(wrong).isEmpty();
		assertThat(recordCount(Topics.CREDENTIAL_RECEIVED)).isEqualTo(before);
	}

	@Test
	@Order(5)
	@DisplayName("an OAuth connect lands back with an integration id and turns true; the token is refreshed before"
			+ " expiry (version increases); revoking it at the platform leads to REAUTH_REQUIRED; no token the"
			+ " OAuth server minted appears anywhere")
	void oauthConnectRefreshAndRevocation() throws Exception {
		String token = stack.tokenFor("tenant-oauth", Duration.ofMinutes(30));
		HttpResponse<String> connect = http.postJson(collector("/api/integrations/demo-oauth/connect"), token, "{}");
		assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
		String authorizeUrl = JsonPath.read(connect.body(), "$.authorizeUrl");

		// The browser keeps the cookie the connect's answer set (the page fetches it with
		// credentials): the callback is accepted only from the browser that started it.
		java.net.CookieManager cookies = new java.net.CookieManager();
		cookies.put(java.net.URI.create(collector("/api/integrations/demo-oauth/connect")),
				Map.of("Set-Cookie", connect.headers().allValues("Set-Cookie")));
		java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
			.build();
		HttpResponse<String> landed = browser.send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create(authorizeUrl)).build(),
				HttpResponse.BodyHandlers.ofString());

		String back = landed.uri().toString();
		assertThat(back).startsWith("http://localhost:" + ports.status()).contains("integration_id=int_");
		String integrationId = back.replaceAll(".*integration_id=(int_[a-z2-7]+).*", "$1");
		await().atMost(VERIFIED_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<String> status = http.get(status("/api/integrations/status"), token);
			assertThat((Boolean) JsonPath.read(status.body(), "$.integrations['demo-oauth']")).isTrue();
		});

		// The tokens the OAuth server minted, read back the way the scanner would: signed
		// with its key, as the vault leases to no one else.
		Map<String, String> first = leaseAsScanner("tenant-oauth", integrationId);
		assertThat(first).containsKeys("access_token", "refresh_token");

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.untilAsserted(() -> {
				String detail = http.get(status("/api/integrations/status/demo-oauth"), token).body();
				assertThat((Integer) JsonPath.read(detail, "$.version")).isGreaterThanOrEqualTo(2);
				assertThat((String) JsonPath.read(detail, "$.state")).isEqualTo("ACTIVE");
			});
		Map<String, String> refreshed = leaseAsScanner("tenant-oauth", integrationId);
		assertThat(refreshed.get("access_token")).isNotEqualTo(first.get("access_token"));
		assertThat(refreshed.get("refresh_token")).as("rotated").isNotEqualTo(first.get("refresh_token"));

		// The tenant sees who had its tokens: the collector's refresh, the scanner's
		// leases.
		HttpResponse<String> accessLog = http.get(collector("/api/integrations/" + integrationId + "/access-log"),
				token);
		assertThat(accessLog.statusCode()).as(accessLog.body()).isEqualTo(200);
		List<Map<String, Object>> entries = JsonPath.read(accessLog.body(), "$.entries");
		assertThat(entries).anySatisfy((entry) -> assertThat(entry).containsEntry("consumer", "collector")
			.containsEntry("purpose", "refresh")
			.containsEntry("outcome", "GRANTED")
			.containsEntry("authenticated", true));
		assertThat(entries).filteredOn((entry) -> "scanner".equals(entry.get("consumer")))
			.hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((entry) -> assertThat(entry).containsEntry("purpose", "scan"));
		assertThat(http
			.get(collector("/api/integrations/" + integrationId + "/access-log"),
					stack.tokenFor("tenant-a", Duration.ofMinutes(5)))
			.statusCode()).as("another tenant's integration").isEqualTo(404);

		// The user revokes the grant at the platform: the next refresh is an
		// invalid_grant.
		HttpResponse<String> revoked = http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(stack.demoOAuthServer().baseUrl() + "/demo/revoke"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers
				.ofString("token_type_hint=refresh_token&token=" + refreshed.get("refresh_token")))
			.build());
		assertThat(revoked.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.untilAsserted(() -> {
				String detail = http.get(status("/api/integrations/status/demo-oauth"), token).body();
				assertThat((String) JsonPath.read(detail, "$.state")).isEqualTo("REAUTH_REQUIRED");
			});

		// Deleting it revokes the grant at the platform first, then shreds it.
		HttpResponse<String> deleted = http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(collector("/api/integrations/" + integrationId)))
			.header("Authorization", "Bearer " + token)
			.DELETE()
			.build());
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
			Document deletion = mongo.getDatabase("latchkey")
				.getCollection("deletions")
				.find(new Document("integrationId", integrationId))
				.first();
			assertThat(deletion).isNotNull();
			assertThat(deletion.getString("revocation")).isEqualTo("REVOKED");
		}
		await().atMost(VERIFIED_WITHIN)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(http.get(status("/api/integrations/status/demo-oauth"), token).statusCode())
				.isEqualTo(404));

		List<String> minted = new ArrayList<>(first.values());
		minted.addAll(refreshed.values());
		for (String secret : minted) {
			SecretSearch search = new SecretSearch(secret);
			assertThat(search.inTopics(stack.kafkaBootstrapServers())).as("topics").isEmpty();
			assertThat(search.inMongo(stack.mongoUri())).as("MongoDB documents").isEmpty();
			assertThat(search.inTexts(http.responses())).as("HTTP responses").isEmpty();
			assertThat(back).doesNotContain(secret);
			assertThat(search.inFiles(home)).as("service logs and data files under " + home).isEmpty();
		}
	}

	@Test
	@Order(8)
	@DisplayName("a deleted integration is shredded, answers 404 in status and false in the booleans, cannot be"
			+ " leased, and deleting it again is a no-op; another tenant's id is a 404")
	void deletedIntegrationIsShreddedAndGone() throws Exception {
		String token = stack.tokenFor("tenant-delete", Duration.ofMinutes(30));
		HttpResponse<String> accepted = http.postJson(collector("/api/integrations/demo/credentials"), token,
				Fixtures.demoCredential(Fixtures.aWorkingDemoKey()));
		assertThat(accepted.statusCode()).isEqualTo(202);
		String integrationId = JsonPath.read(accepted.body(), "$.integrationId");
		await().atMost(VERIFIED_WITHIN)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat((Boolean) JsonPath
				.read(http.get(status("/api/integrations/status"), token).body(), "$.integrations.demo")).isTrue());

		assertThat(delete(integrationId, stack.tokenFor("tenant-a", Duration.ofMinutes(5))).statusCode())
			.as("another tenant's integration")
			.isEqualTo(404);
		assertThat(delete(integrationId, token).statusCode()).isEqualTo(204);
		assertThat(delete(integrationId, token).statusCode()).as("again").isEqualTo(204);

		await().atMost(VERIFIED_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(http.get(status("/api/integrations/status/demo"), token).statusCode()).isEqualTo(404);
			HttpResponse<String> all = http.get(status("/api/integrations/status"), token);
			assertThat((Boolean) JsonPath.read(all.body(), "$.integrations.demo")).isFalse();
		});
		assertThatThrownBy(() -> leaseAsScanner("tenant-delete", integrationId))
			.isInstanceOf(dev.latchkey.vaultclient.VaultRefusedException.class);
		try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
			for (Document version : mongo.getDatabase("latchkey")
				.getCollection("credential_versions")
				.find(new Document("integrationId", integrationId))) {
				assertThat(version.get("secret", Document.class)).doesNotContainKey("wrappedDataKey");
			}
		}
	}

	private static HttpResponse<String> delete(String integrationId, String token) {
		return http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(collector("/api/integrations/" + integrationId)))
			.header("Authorization", "Bearer " + token)
			.DELETE()
			.build());
	}

	private static Map<String, String> leaseAsScanner(String tenantId, String integrationId) {
		Path keys = home.resolve("keys");
		VaultClient scanner = new VaultClient(stack.vaultUrl(), "scanner",
				new RequestSigner(
						Keysets.loadSecret("scanner signing key", null, keys.resolve("scanner-signing-private.json"))),
				Duration.ofSeconds(10));
		Lease lease = scanner.lease(tenantId, integrationId, Purpose.SCAN).block();
		SecretFields fields = new LeaseOpener(
				new HpkeOpener(
						Keysets.loadSecret("scanner lease key", null, keys.resolve("scanner-lease-private.json"))),
				"scanner")
			.open(lease);
		Map<String, String> values = new java.util.HashMap<>();
		for (String name : List.of("access_token", "refresh_token")) {
			if (fields.value(name) != null) {
				values.put(name, fields.value(name));
			}
		}
		return values;
	}

	@Test
	@Order(6)
	@DisplayName("a canary secret appears in no topic, document, file, log or HTTP response")
	void canaryAppearsNowhere() throws Exception {
		String canary = "demo_live_CANARY" + java.util.UUID.randomUUID().toString().replace("-", "");
		String token = stack.tokenFor("tenant-canary", Duration.ofMinutes(30));
		assertThat(http
			.postJson(collector("/api/integrations/demo/credentials"), token, Fixtures.demoCredential("canary", canary))
			.statusCode()).isEqualTo(202);
		await().atMost(VERIFIED_WITHIN)
			.untilAsserted(() -> assertThat((String) JsonPath
				.read(http.get(status("/api/integrations/status/demo?name=canary"), token).body(), "$.state"))
				.isEqualTo("ACTIVE"));
		http.get(status("/api/integrations"), token);
		http.get(collector("/api/providers"), token);

		SecretSearch search = new SecretSearch(canary);
		assertThat(search.inTopics(stack.kafkaBootstrapServers())).as("topics").isEmpty();
		assertThat(search.inMongo(stack.mongoUri())).as("MongoDB documents").isEmpty();
		assertThat(search.inTexts(http.responses())).as("HTTP responses").isEmpty();
		assertThat(search.inFiles(home)).as("service logs and data files under " + home).isEmpty();
		assertThat(stack.serviceLogs()).allSatisfy((log) -> assertThat(log).exists());
	}

	@Test
	@Order(6)
	@DisplayName("every service is UP and exposes its metrics; one trace runs from the collector's POST through the"
			+ " vault's store to the status and scanner records, its id in the log lines")
	void everyServiceIsUpAndItsMetricsCountTheWork() throws Exception {
		Map<String, String> services = Map.of("collector", stack.collectorUrl(), "vault", stack.vaultUrl(), "status",
				stack.statusUrl(), "scanner", "http://localhost:" + ports.scanner());
		services.forEach((name, url) -> {
			HttpResponse<String> health = http
				.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health")).build());
			assertThat(health.statusCode()).as(name + " health: " + health.body()).isEqualTo(200);
			assertThat((String) JsonPath.read(health.body(), "$.status")).as(name).isEqualTo("UP");
		});

		// Our own trace: the collector's server observation continues it.
		String traceId = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
		String token = stack.tokenFor("tenant-traced", Duration.ofMinutes(30));
		HttpResponse<String> accepted = http
			.send(HttpRequest.newBuilder(URI.create(collector("/api/integrations/demo/credentials")))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
				.POST(HttpRequest.BodyPublishers.ofString(Fixtures.demoCredential(Fixtures.aWorkingDemoKey())))
				.build());
		assertThat(accepted.statusCode()).isEqualTo(202);
		String integrationId = JsonPath.read(accepted.body(), "$.integrationId");
		await().atMost(VERIFIED_WITHIN)
			.untilAsserted(() -> assertThat(
					(String) JsonPath.read(http.get(status("/api/integrations/status/demo"), token).body(), "$.state"))
				.isEqualTo("ACTIVE"));
		// One trace: the collector's record, the vault's statuses (PENDING, then ACTIVE
		// from the scan) and the scanner's report all carry the POST's trace id, and the
		// vault's line for the stored version names it.
		for (String topic : List.of(Topics.CREDENTIAL_RECEIVED, Topics.INTEGRATION_STATUS, Topics.SCAN_COMPLETED)) {
			await().atMost(VERIFIED_WITHIN).untilAsserted(() -> {
				List<ConsumerRecord<byte[], byte[]>> records = recordsWithKey(topic, integrationId);
				assertThat(records).as(topic).isNotEmpty();
				assertThat(records).as(topic + " traceparent").allSatisfy((record) -> {
					org.apache.kafka.common.header.Header traceparent = record.headers().lastHeader("traceparent");
					assertThat(traceparent).isNotNull();
					assertThat(new String(traceparent.value(), java.nio.charset.StandardCharsets.UTF_8))
						.startsWith("00-" + traceId + "-");
				});
			});
		}
		Path vaultLog = stack.serviceLogs()
			.stream()
			.filter((log) -> log.getFileName().toString().contains("vault"))
			.findFirst()
			.orElseThrow();
		await().atMost(VERIFIED_WITHIN)
			.untilAsserted(() -> assertThat(Files.readAllLines(vaultLog))
				.anyMatch((line) -> line.contains("Stored version 1 of integration " + integrationId)
						&& line.contains(traceId)));

		// Poison for the vault: bytes that are no Avro record are dead-lettered at once.
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			producer.send(new ProducerRecord<>(Topics.CREDENTIAL_RECEIVED, "poison".getBytes(), "not avro".getBytes()))
				.get(10, TimeUnit.SECONDS);
		}
		awaitConsumed("vault", Topics.CREDENTIAL_RECEIVED);

		Map<String, List<String>> expected = Map.of("collector",
				List.of("http_server_requests_seconds_count{.*uri=\"/api/integrations/\\{provider\\}/credentials\"",
						"latchkey_collector_refreshes_total{.*outcome=\"refreshed\"",
						"kafka_producer_record_send_total"),
				"vault",
				List.of("latchkey_kafka_records_applied_total{.*topic=\"latchkey.credential-received\"",
						"latchkey_kafka_dead_letters_total{.*topic=\"latchkey.credential-received\"",
						"latchkey_vault_leases_total{.*consumer=\"scanner\".*outcome=\"granted\""),
				"status",
				List.of("latchkey_kafka_records_applied_total{.*topic=\"latchkey.integration-status\"",
						"http_server_requests_seconds_count{.*uri=\"/api/integrations/status/\\{provider\\}\""),
				"scanner", List.of("latchkey_scanner_scans_total{.*outcome=\"valid\"",
						"latchkey_kafka_records_applied_total{.*topic=\"latchkey.integration-status\""));
		expected.forEach((name, meters) -> {
			String scrape = http
				.send(HttpRequest.newBuilder(URI.create(services.get(name) + "/actuator/prometheus")).build())
				.body();
			for (String meter : meters) {
				assertThat(counted(scrape, meter)).as(name + ": " + meter + " in\n" + scrape).isPositive();
			}
			// Consumer lag, per client (consumer-<group>-<n>): present, whatever its
			// value.
			if (!name.equals("collector")) {
				assertThat(scrape).as(name).contains("kafka_consumer_fetch_manager_records_lag_max{");
			}
			// Routes, not raw paths: no integration id in any uri tag.
			assertThat(scrape).as(name).doesNotContain("uri=\"/api/integrations/" + integrationId);
		});
	}

	/**
	 * The value of the first sample whose name and labels match {@code meter}; 0 if none.
	 */
	private static double counted(String scrape, String meter) {
		// The first '{' opens the labels: literal, not a regex repetition.
		String labels = meter.replaceFirst("\\{", "\\\\{");
		java.util.regex.Matcher sample = java.util.regex.Pattern.compile("(?m)^" + labels + "[^}]*} ([0-9.eE+-]+)$")
			.matcher(scrape);
		return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
	}

	@Test
	@Order(7)
	@DisplayName("a restart keeps every integration and every schema id resolves")
	void restartKeepsIntegrations() {
		String token = stack.tokenFor("tenant-a", Duration.ofMinutes(30));
		stack.close();
		stack = starter.get();

		HttpResponse<String> status = http.get(status("/api/integrations/status"), token);
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(status.body(), "$.integrations.demo")).isTrue();
		String second = stack.tokenFor("tenant-after-restart", Duration.ofMinutes(30));
		assertThat(http
			.postJson(collector("/api/integrations/demo/credentials"), second,
					Fixtures.demoCredential(Fixtures.aWorkingDemoKey()))
			.statusCode()).isEqualTo(202);
		await().atMost(VERIFIED_WITHIN)
			.untilAsserted(() -> assertThat((Boolean) JsonPath
				.read(http.get(status("/api/integrations/status"), second).body(), "$.integrations.demo")).isTrue());
	}

	private static void check(List<String> wrong, Map<String, Integer> expected, String name,
			HttpResponse<String> response) {
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (response.statusCode() != expected.get(name) || !type.startsWith("application/problem+json")
				|| !response.body().contains("\"detail\"")) {
			wrong.add(name + ": " + response.statusCode() + " " + type + " " + response.body());
		}
	}

	private static String collector(String path) {
		return stack.collectorUrl() + path;
	}

	private static String status(String path) {
		return stack.statusUrl() + path;
	}

	static Path repositoryRoot() {
		return Path.of(System.getProperty("latchkey.repository.root", "..")).toAbsolutePath().normalize();
	}

	private static long recordCount(String topic) throws Exception {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((p) -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
			return admin.listOffsets(latest).all().get().values().stream().mapToLong((info) -> info.offset()).sum();
		}
	}

	private static void awaitConsumed(String group, String topic) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			try (Admin admin = admin()) {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
				committed.keySet()
					.stream()
					.filter((p) -> p.topic().equals(topic))
					.forEach((p) -> latest.put(p, OffsetSpec.latest()));
				admin.listOffsets(latest)
					.all()
					.get()
					.forEach((partition, end) -> assertThat(committed.get(partition).offset())
						.as("%s committed on %s", group, partition)
						.isEqualTo(end.offset()));
			}
		});
	}

	private static List<ConsumerRecord<byte[], byte[]>> recordsWithKey(String topic, String key) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
						ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < end.get(p))) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (key.equals(record.key())) {
						// Headers kept: the trace travels in them.
						found.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
								record.timestamp(), record.timestampType(), record.serializedKeySize(),
								record.serializedValueSize(),
								record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), record.value(),
								record.headers(), record.leaderEpoch()));
					}
				}
			}
			return found;
		}
	}

	private static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
	}

}

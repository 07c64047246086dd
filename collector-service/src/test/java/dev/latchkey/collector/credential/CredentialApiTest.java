package dev.latchkey.collector.credential;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.TestMongo;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API against a running server, with a fake publisher in place of Kafka: every
 * rejection is a problem+json that quotes nothing submitted and publishes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// A failed publish also writes its retry key to MongoDB, which can be slow on a busy
// machine.
@AutoConfigureWebTestClient(timeout = "PT30S")
@ExtendWith(OutputCaptureExtension.class)
class CredentialApiTest {

	private static final String DEMO = "/api/integrations/demo/credentials";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("latchkey.collector.vault-public-keyset", Fixtures::vaultPublicKeysetJson);
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		// Many submissions of one integration: the limits are not what this tests.
		registry.add("latchkey.collector.limits.per-tenant.requests", () -> "10000");
		registry.add("latchkey.collector.limits.per-integration.requests", () -> "10000");
		registry.add("latchkey.collector.publish-timeout", () -> "500ms");
		// A failed publish reserves a retry key there.
		registry.add("spring.mongodb.uri", () -> TestMongo.uri("collector_api"));
	}

	@Autowired
	WebTestClient client;

	@Autowired
	RecordingPublisher publisher;

	@BeforeEach
	void reset() {
		this.publisher.reset();
	}

	@Test
	void aDemoKeyIsAcceptedSealedAndPublished(CapturedOutput output) {
		this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fields", Fixtures.aDemoCredential()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.json("""
					{"integrationId":"%s","provider":"demo","name":"default","state":"pending"}"""
				.formatted(IntegrationId.of(Fixtures.TENANT, "demo", "default")), true);

		SealedCredential sent = this.publisher.only();
		assertThat(sent.tenantId()).isEqualTo(Fixtures.TENANT);
		assertThat(sent.integrationId()).isEqualTo(IntegrationId.of(Fixtures.TENANT, "demo", "default").value());
		assertThat(sent.provider()).isEqualTo("demo");
		assertThat(sent.name()).isEqualTo("default");
		assertThat(sent.source()).isEqualTo("API_KEY");
		assertThat(sent.occurredAt()).isNotNull();
		assertThat(sent.publicFields()).isEmpty();
		assertThat(new String(sent.sealedSecret(), StandardCharsets.ISO_8859_1)).doesNotContain(Fixtures.CANARY);
		SecretFields opened = Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.TENANT, sent.integrationId(), sent.eventId()));
		assertThat(opened.value("api_key")).isEqualTo(Fixtures.CANARY);
		assertThat(output).contains(sent.integrationId()).doesNotContain(Fixtures.CANARY);
	}

	@Test
	void publicFieldsTravelInClearAndSecretFieldsOnlySealed() {
		post("/api/integrations/twilio/credentials", Map.of("name", "sms", "fields", Fixtures.aTwilioCredential()))
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("sms");

		SealedCredential sent = this.publisher.only();
		assertThat(sent.publicFields()).containsExactly(Map.entry("account_sid", Fixtures.TWILIO_SID));
		assertThat(sent.publicFields().values()).doesNotContain(Fixtures.TWILIO_TOKEN);
		SecretFields opened = Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.TENANT, sent.integrationId(), sent.eventId()));
		assertThat(opened.names()).containsExactly("auth_token");
	}

	@Test
	void aNamedIntegrationHasItsOwnId() {
		post(DEMO, Map.of("name", "billing", "fields", Fixtures.aDemoCredential())).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.integrationId")
			.isEqualTo(IntegrationId.of(Fixtures.TENANT, "demo", "billing").value());
	}

	@Test
	void theTenantComesFromTheToken() {
		this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.OTHER_TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fields", Fixtures.aDemoCredential()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.integrationId")
			.isEqualTo(IntegrationId.of(Fixtures.OTHER_TENANT, "demo", "default").value());

		assertThat(this.publisher.only().tenantId()).isEqualTo(Fixtures.OTHER_TENANT);
	}

	@Test
	void aResubmissionPublishesANewEventForTheSameIntegration() {
		post(DEMO, Map.of("fields", Fixtures.aDemoCredential())).expectStatus().isAccepted();
		post(DEMO, Map.of("fields", Map.of("api_key", "demo_live_rotated"))).expectStatus().isAccepted();

		assertThat(this.publisher.attempts()).hasSize(2)
			.extracting(SealedCredential::integrationId)
			.containsOnly(IntegrationId.of(Fixtures.TENANT, "demo", "default").value());
		assertThat(this.publisher.attempts()).extracting(SealedCredential::eventId).doesNotHaveDuplicates();
	}

	@Test
	void aBodyNamingATenantIsRefused() {
		rejected(post(DEMO, Map.of("tenantId", Fixtures.OTHER_TENANT, "fields", Fixtures.aDemoCredential())),
				HttpStatus.BAD_REQUEST, Fixtures.OTHER_TENANT);
	}

	@Test
	void anUnknownProviderIsNotFound() {
		rejected(post("/api/integrations/nosuchplatform/credentials", Map.of("fields", Fixtures.aDemoCredential())),
				HttpStatus.NOT_FOUND);
	}

	@Test
	void aMissingRequiredFieldIsABadRequest() {
		rejected(post("/api/integrations/twilio/credentials", Map.of("fields", Map.of("auth_token", Fixtures.CANARY))),
				HttpStatus.BAD_REQUEST)
			.value((body) -> assertThat(body).contains("account_sid").contains("is required"));
	}

	@Test
	void anUnknownFieldIsABadRequest() {
		Map<String, String> fields = new LinkedHashMap<>(Fixtures.aDemoCredential());
		fields.put("password", "hunter2-" + Fixtures.CANARY);
		rejected(post(DEMO, Map.of("fields", fields)), HttpStatus.BAD_REQUEST, "hunter2")
			.value((body) -> assertThat(body).contains("password"));
	}

	@Test
	void aMalformedFieldIsABadRequest() {
		rejected(post(DEMO, Map.of("fields", Map.of("api_key", "sk_live_" + Fixtures.CANARY + "!"))),
				HttpStatus.BAD_REQUEST, "sk_live_")
			.value((body) -> assertThat(body).contains("api_key").contains("expected format"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Billing", "-billing", "bill ing", "",
			"a123456789012345678901234567890123456789012345678901234567890123" })
	void aBadNameIsABadRequest(String name) {
		EntityExchangeResult<String> result = rejected(
				post(DEMO, Map.of("name", name, "fields", Fixtures.aDemoCredential())), HttpStatus.BAD_REQUEST)
			.value((body) -> assertThat(body).contains("name must match"))
			.returnResult();
		if (!name.isEmpty()) {
			assertThat(result.getResponseBody()).doesNotContain(name);
		}
	}

	@Test
	void emptyFieldsAreABadRequest() {
		rejected(post(DEMO, Map.of("fields", Map.of())), HttpStatus.BAD_REQUEST);
	}

	@Test
	void missingFieldsAreABadRequest() {
		rejected(post(DEMO, Map.of("name", "billing")), HttpStatus.BAD_REQUEST);
	}

	@Test
	void aBodyOverTheLimitIsTooLarge() {
		rejected(post(DEMO, Map.of("fields", Map.of("api_key", Fixtures.CANARY + "x".repeat(17 * 1024)))),
				HttpStatus.CONTENT_TOO_LARGE);
	}

	@Test
	void aStreamedBodyOverTheLimitIsTooLarge() {
		byte[] json = ("{\"fields\":{\"api_key\":\"" + Fixtures.CANARY + "x".repeat(40 * 1024) + "\"}}")
			.getBytes(StandardCharsets.UTF_8);
		// A Flux body goes out chunked, without Content-Length.
		Flux<DataBuffer> chunks = Flux.range(0, (json.length + 1023) / 1024)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(json, i * 1024, Math.min(json.length, (i + 1) * 1024))));
		rejected(this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE);
	}

	@Test
	void malformedJsonIsABadRequest(CapturedOutput output) {
		rejected(postRaw(DEMO, MediaType.APPLICATION_JSON, "{\"fields\": {\"api_key\": " + Fixtures.CANARY + "}}"),
				HttpStatus.BAD_REQUEST);
		rejected(postRaw(DEMO, MediaType.APPLICATION_JSON, "{\"fields\": {\"api_key\": \"" + Fixtures.CANARY),
				HttpStatus.BAD_REQUEST);
		rejected(
				postRaw(DEMO, MediaType.APPLICATION_JSON,
						"{\"fields\": {\"api_key\": {\"nested\": \"" + Fixtures.CANARY + "\"}}}"),
				HttpStatus.BAD_REQUEST);
		assertThat(output).doesNotContain(Fixtures.CANARY);
	}

	@Test
	void anEmptyBodyIsABadRequest() {
		rejected(postRaw(DEMO, MediaType.APPLICATION_JSON, ""), HttpStatus.BAD_REQUEST);
	}

	@Test
	void aWrongContentTypeIsUnsupported() {
		rejected(postRaw(DEMO, MediaType.TEXT_PLAIN, "api_key=" + Fixtures.CANARY), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		rejected(postRaw(DEMO, MediaType.APPLICATION_FORM_URLENCODED, "api_key=" + Fixtures.CANARY),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE);
	}

	@Test
	void noTokenIsUnauthorized() {
		rejected(this.client.post()
			.uri(DEMO)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fields", Fixtures.aDemoCredential()))
			.exchange(), HttpStatus.UNAUTHORIZED);
	}

	@Test
	void aBrokerFailureIsUnavailable(CapturedOutput output) {
		this.publisher.fails();
		rejected(post(DEMO, Map.of("fields", Fixtures.aDemoCredential())), HttpStatus.SERVICE_UNAVAILABLE, true)
			.value((body) -> assertThat(body).doesNotContain("broker unavailable"));
		assertThat(output).doesNotContain(Fixtures.CANARY);
	}

	@Test
	void aBrokerThatDoesNotAnswerInTimeIsUnavailable() {
		this.publisher.neverAnswers();
		rejected(post(DEMO, Map.of("fields", Fixtures.aDemoCredential())), HttpStatus.SERVICE_UNAVAILABLE, true);
	}

	private WebTestClient.ResponseSpec post(String uri, Object body) {
		return this.client.post()
			.uri(uri)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec postRaw(String uri, MediaType type, String body) {
		return this.client.post()
			.uri(uri)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(type)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.BodySpec<String, ?> rejected(WebTestClient.ResponseSpec response, HttpStatus status,
			String... alsoNotEchoed) {
		return rejected(response, status, false, alsoNotEchoed);
	}

	/**
	 * Asserts a problem+json answer that echoes no submitted value and that nothing was
	 * published (or, for broker failures, that the one attempt was not acknowledged).
	 */
	private WebTestClient.BodySpec<String, ?> rejected(WebTestClient.ResponseSpec response, HttpStatus status,
			boolean publishAttempted, String... alsoNotEchoed) {
		WebTestClient.BodySpec<String, ?> body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class);
		body.value(problem(status));
		body.value((text) -> {
			assertThat(text).doesNotContain(Fixtures.CANARY).doesNotContain(Fixtures.TWILIO_TOKEN);
			for (String value : alsoNotEchoed) {
				assertThat(text).doesNotContain(value);
			}
		});
		assertThat(this.publisher.attempts()).hasSize(publishAttempted ? 1 : 0);
		return body;
	}

	private static Consumer<String> problem(HttpStatus status) {
		return (text) -> assertThat(text).contains("\"type\":")
			.contains("\"title\":")
			.contains("\"status\":" + status.value())
			.contains("\"detail\":");
	}

	@Test
	void aScanPeriodChosenOnSubmission_isPublishedInSeconds() {
		this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fields", Fixtures.aDemoCredential(), "scanEvery", "PT1H"))
			.exchange()
			.expectStatus()
			.isAccepted();

		assertThat(this.publisher.only().scanEverySeconds()).isEqualTo(3600L);
		assertThat(KafkaCredentialPublisher.toEvent(this.publisher.only()).getScanEverySeconds()).isEqualTo(3600L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"PT1M\"", "\"P31D\"", "\"1 hour\"", "\"PT1H0.5S\"", "\"\"", "3600" })
	void aScanPeriodOutOfBoundsOrShape_isA400NamingTheBounds_andPublishesNothing(String every) {
		String body = "{\"fields\":{\"api_key\":\"demo_live_0123456789\"},\"scanEvery\":" + every + "}";

		String problem = this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(this.publisher.attempts()).isEmpty();
		if (!every.equals("3600")) {
			assertThat(problem).contains("PT15M", "PT720H");
		}
	}

	@TestConfiguration
	static class FakeBroker {

		@Bean
		@Primary
		RecordingPublisher recordingPublisher() {
			return new RecordingPublisher();
		}

	}

}

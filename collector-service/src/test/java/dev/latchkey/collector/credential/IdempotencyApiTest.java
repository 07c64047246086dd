package dev.latchkey.collector.credential;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.TestMongo;
import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Idempotency-Key header over HTTP, with a fake broker and the real MongoDB adapter
 * on mongo-java-server: replays say so in a header, refusals are problem+json that quote
 * neither the key nor the body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ExtendWith(OutputCaptureExtension.class)
class IdempotencyApiTest {

	private static final String DEMO = "/api/integrations/demo/credentials";

	private static final String REPLAYED = "Idempotent-Replayed";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("latchkey.collector.vault-public-keyset", Fixtures::vaultPublicKeysetJson);
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		// Many submissions of one integration: the limits are not what this tests.
		registry.add("latchkey.collector.limits.per-tenant.requests", () -> "10000");
		registry.add("latchkey.collector.limits.per-integration.requests", () -> "10000");
		registry.add("latchkey.collector.publish-timeout", () -> "5s");
		registry.add("spring.mongodb.uri", () -> TestMongo.uri("collector_idempotency_api"));
	}

	@Autowired
	WebTestClient client;

	@Autowired
	RecordingPublisher publisher;

	private final String key = "submit-" + UUID.randomUUID();

	@BeforeEach
	void reset() {
		this.publisher.reset();
	}

	@Test
	void theSameKeyAndBodyTwiceIsPublishedOnceAndAnsweredTheSameWay() {
		String first = post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()).expectStatus()
			.isAccepted()
			.expectHeader()
			.doesNotExist(REPLAYED)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		String second = post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()).expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals(REPLAYED, "true")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(second).isEqualTo(first).contains("\"state\":\"pending\"");
		assertThat(this.publisher.attempts()).hasSize(1);
	}

	@Test
	void theQuotedFormOfTheHeaderIsTheSameKey() {
		post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()).expectStatus().isAccepted();

		post(Fixtures.TENANT, "\"" + this.key + "\"", Fixtures.aDemoCredential()).expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals(REPLAYED, "true");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "\"unterminated-key", "caf\u00e9-key", "tab\there" })
	void aMalformedKeyIsABadRequest(String malformed) {
		problem(post(Fixtures.TENANT, malformed, Fixtures.aDemoCredential()), HttpStatus.BAD_REQUEST,
				malformed.isEmpty() ? Fixtures.CANARY : malformed)
			.value((body) -> assertThat(body).contains("invalid-idempotency-key"));
		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void aKeyOver255CharactersIsABadRequest() {
		problem(post(Fixtures.TENANT, "k".repeat(256), Fixtures.aDemoCredential()), HttpStatus.BAD_REQUEST,
				"k".repeat(256));
		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void theHeaderTwiceIsABadRequest() {
		problem(this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.header(IdempotencyKey.HEADER, this.key, this.key + "-2")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fields", Fixtures.aDemoCredential()))
			.exchange(), HttpStatus.BAD_REQUEST, this.key);
		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void aKeyReusedForAnotherSubmissionIsUnprocessable() {
		post(Fixtures.TENANT, this.key, Map.of("api_key", "demo_live_first0123")).expectStatus().isAccepted();

		problem(post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()), HttpStatus.UNPROCESSABLE_CONTENT, this.key)
			.value((body) -> assertThat(body).contains("idempotency-key-reused"));
		assertThat(this.publisher.attempts()).hasSize(1);
	}

	@Test
	void aKeyWhoseFirstRequestIsInFlightIsAConflictWithRetryAfter() throws Exception {
		this.publisher.holds();
		CompletableFuture<HttpStatus> first = CompletableFuture.supplyAsync(() -> HttpStatus
			.valueOf(post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()).returnResult(String.class)
				.getStatus()
				.value()));
		awaitAttempts(1);

		EntityExchangeResult<String> conflict = problem(post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()),
				HttpStatus.CONFLICT, this.key)
			.value((body) -> assertThat(body).contains("idempotency-key-in-use"))
			.returnResult();
		assertThat(Long.parseLong(conflict.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 15L);

		this.publisher.release();
		assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(this.publisher.attempts()).hasSize(1);
	}

	@Test
	void aBrokerFailureWithoutAKeyHandsOutOneThatRetriesTheSameEvent(CapturedOutput output) {
		this.publisher.fails();
		EntityExchangeResult<Map> failed = this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fields", Fixtures.aDemoCredential()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody(Map.class)
			.returnResult();
		String header = failed.getResponseHeaders().getFirst(IdempotencyKey.HEADER);
		Object property = failed.getResponseBody().get("idempotencyKey");
		assertThat(header).isEqualTo("\"" + property + "\"");
		assertThat(failed.getResponseBody().get("detail").toString()).contains("Idempotency-Key");

		this.publisher.acknowledges();
		post(Fixtures.TENANT, header, Fixtures.aDemoCredential()).expectStatus()
			.isAccepted()
			.expectHeader()
			.doesNotExist(REPLAYED);

		assertThat(this.publisher.attempts()).hasSize(2)
			.extracting(SealedCredential::eventId)
			.containsOnly(this.publisher.attempts().get(0).eventId());
		assertThat(output).doesNotContain(Fixtures.CANARY);
	}

	@Test
	void aBrokerFailureWithAKeyIsRetriedWithTheSameEventAndThenReplayed() {
		this.publisher.fails();
		problem(post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()), HttpStatus.SERVICE_UNAVAILABLE, this.key)
			.value((body) -> assertThat(body).contains("same Idempotency-Key"));

		this.publisher.acknowledges();
		post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()).expectStatus()
			.isAccepted()
			.expectHeader()
			.doesNotExist(REPLAYED);
		post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()).expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals(REPLAYED, "true");

		assertThat(this.publisher.attempts()).hasSize(2)
			.extracting(SealedCredential::eventId)
			.containsOnly(this.publisher.attempts().get(0).eventId());
	}

	@Test
	void aKeyBelongsToOneTenant() {
		post(Fixtures.TENANT, this.key, Fixtures.aDemoCredential()).expectStatus().isAccepted();

		post(Fixtures.OTHER_TENANT, this.key, Fixtures.aDemoCredential()).expectStatus()
			.isAccepted()
			.expectHeader()
			.doesNotExist(REPLAYED);
		assertThat(this.publisher.attempts()).hasSize(2);
	}

	private WebTestClient.ResponseSpec post(String tenant, String key, Map<String, String> fields) {
		return this.client.post()
			.uri(DEMO)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(tenant)))
			.header(IdempotencyKey.HEADER, key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fields", fields))
			.exchange();
	}

	/** A problem+json answer that quotes neither the key nor the secret. */
	private static WebTestClient.BodySpec<String, ?> problem(WebTestClient.ResponseSpec response, HttpStatus status,
			String notEchoed) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist(IdempotencyKey.HEADER)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"status\":" + status.value())
				.contains("\"detail\":")
				.doesNotContain(notEchoed)
				.doesNotContain(Fixtures.CANARY));
	}

	private void awaitAttempts(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.publisher.attempts().size() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.publisher.attempts()).hasSize(count);
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

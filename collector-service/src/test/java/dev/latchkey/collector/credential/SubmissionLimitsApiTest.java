package dev.latchkey.collector.credential;

import java.util.Map;
import java.util.UUID;

import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.TestMongo;
import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submissions are limited per integration and per tenant (429 problem with Retry-After,
 * nothing published) and a tenant's integrations are capped (409); only what was
 * published counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import(CredentialApiTest.FakeBroker.class)
class SubmissionLimitsApiTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("latchkey.collector.vault-public-keyset", Fixtures::vaultPublicKeysetJson);
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		registry.add("latchkey.collector.publish-timeout", () -> "500ms");
		registry.add("spring.mongodb.uri", () -> TestMongo.uri("collector_limits"));
		registry.add("latchkey.collector.limits.per-tenant.requests", () -> "5");
		registry.add("latchkey.collector.limits.per-tenant.per", () -> "1m");
		registry.add("latchkey.collector.limits.per-integration.requests", () -> "2");
		registry.add("latchkey.collector.limits.per-integration.per", () -> "1m");
		registry.add("latchkey.collector.limits.max-integrations-per-tenant", () -> "3");
		registry.add("latchkey.oauth.clients.demo-oauth.client-id", () -> "limits-test");
		registry.add("latchkey.oauth.clients.demo-oauth.client-secret", () -> "limits-test-secret");
	}

	@Autowired
	WebTestClient client;

	@Autowired
	RecordingPublisher publisher;

	/** Each test has its own tenant, so that its buckets and cap start empty. */
	private final String tenant = "limits-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void reset() {
		this.publisher.reset();
		this.publisher.acknowledges();
	}

	@Test
	void anIntegrationSubmittedTooOftenIsTooManyRequestsWithRetryAfter() {
		submit("billing").expectStatus().isAccepted();
		submit("billing").expectStatus().isAccepted();

		String problem = submit("billing").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 30L))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(problem).contains("rate-limited").contains("this integration").doesNotContain(Fixtures.CANARY);
		assertThat(this.publisher.attempts()).hasSize(2);
		// Other integrations of the tenant go on.
		submit("payroll").expectStatus().isAccepted();
	}

	@Test
	void aTenantSubmittingTooOftenIsTooManyRequests() {
		for (String name : new String[] { "a", "a", "b", "b", "c" }) {
			submit(name).expectStatus().isAccepted();
		}

		submit("c").expectStatus()
			.isEqualTo(429)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("this tenant"));
		assertThat(this.publisher.attempts()).hasSize(5);
	}

	@Test
	void aTenantAtItsCapMayResubmitButNotAddAnIntegration() {
		submit("a").expectStatus().isAccepted();
		submit("b").expectStatus().isAccepted();
		submit("c").expectStatus().isAccepted();

		submit("d").expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> assertThat(type.toString()).endsWith("integration-limit-reached"));
		submit("a").expectStatus().isAccepted();
		assertThat(this.publisher.attempts()).hasSize(4);
	}

	@Test
	void onlyPublishedSubmissionsCount() {
		// Refused before the limits: no token taken.
		for (int i = 0; i < 3; i++) {
			this.client.post()
				.uri("/api/integrations/demo/credentials")
				.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(this.tenant)))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("name", "billing", "fields", Map.of("api_key", "not-a-demo-key")))
				.exchange()
				.expectStatus()
				.isBadRequest();
		}
		// Broker down: the tokens are given back.
		this.publisher.fails();
		for (int i = 0; i < 3; i++) {
			submit("billing").expectStatus().isEqualTo(503);
		}
		this.publisher.acknowledges();

		submit("billing").expectStatus().isAccepted();
		submit("billing").expectStatus().isAccepted();
		submit("billing").expectStatus().isEqualTo(429);
	}

	@Test
	void anOAuthConnectCountsAsASubmission() {
		connect("calendar").expectStatus().isOk();
		connect("calendar").expectStatus().isOk();

		connect("calendar").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private WebTestClient.ResponseSpec submit(String name) {
		return this.client.post()
			.uri("/api/integrations/demo/credentials")
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(this.tenant)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "fields", Fixtures.aDemoCredential()))
			.exchange();
	}

	private WebTestClient.ResponseSpec connect(String name) {
		return this.client.post()
			.uri("/api/integrations/demo-oauth/connect")
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(this.tenant)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name))
			.exchange();
	}

}

package dev.latchkey.collector.scan;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.StandInVault;
import dev.latchkey.collector.StandInVault.Answer;
import dev.latchkey.collector.TestMongo;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On-demand scans, scan schedules and the scan history through the collector: the real
 * vault client, signed with the collector's key, against a stand-in vault that knows one
 * integration of the tenant; a recording publisher in place of Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class ScanApiTest {

	private static final KeysetHandle SIGNING_KEY = Keysets.generate(Keysets.SIGNATURE_TEMPLATE);

	private static final String OURS = IntegrationId.of(Fixtures.TENANT, "demo", "default").value();

	private static final String ALSO_OURS = IntegrationId.of(Fixtures.TENANT, "demo", "second").value();

	private static final String THEIRS = IntegrationId.of(Fixtures.OTHER_TENANT, "demo", "default").value();

	private static final StandInVault vault = StandInVault.start(new RequestVerifier(Keysets.publicOf(SIGNING_KEY)),
			ScanApiTest::asTheVault);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("latchkey.collector.vault-public-keyset", Fixtures::vaultPublicKeysetJson);
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		registry.add("spring.mongodb.uri", () -> TestMongo.uri("collector_scan"));
		registry.add("latchkey.collector.vault.url", vault::url);
		registry.add("latchkey.collector.vault.signing-keyset", () -> Keysets.toSecretJson(SIGNING_KEY));
		registry.add("latchkey.collector.publish-timeout", () -> "500ms");
	}

	@Autowired
	WebTestClient client;

	@Autowired
	RecordingScanRequests published;

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@BeforeEach
	void reset() {
		vault.received.clear();
		vault.answers(ScanApiTest::asTheVault);
		this.published.requests.clear();
		this.published.failing = false;
	}

	@Test
	void aScanRequest_isAcceptedAndPublished_andAskedAgainWithinAMinute_isA429WithRetryAfter() {
		call("POST", "/api/integrations/" + OURS + "/scan", null).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.integrationId")
			.isEqualTo(OURS)
			.jsonPath("$.requestedAt")
			.isNotEmpty();

		assertThat(this.published.requests).singleElement().satisfies((request) -> {
			assertThat(request.integrationId()).isEqualTo(OURS);
			assertThat(request.tenantId()).isEqualTo(Fixtures.TENANT);
			assertThat(request.provider()).isEqualTo("demo");
			assertThat(request.eventId()).isNotBlank();
		});
		call("POST", "/api/integrations/" + OURS + "/scan", null).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60))
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429)
			.jsonPath("$.type")
			.isEqualTo("https://latchkey.dev/problems/rate-limited");
		assertThat(this.published.requests).hasSize(1);
	}

	@Test
	void aScanRequestThatCouldNotBePublished_isA503_andDoesNotCountAgainstTheRate() {
		this.published.failing = true;
		call("POST", "/api/integrations/" + ALSO_OURS + "/scan", null).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After");

		this.published.failing = false;
		call("POST", "/api/integrations/" + ALSO_OURS + "/scan", null).expectStatus().isAccepted();
	}

	@Test
	void anotherTenantsAnUnknownAndAMalformedId_areTheSame404_onEveryRoute() {
		for (String[] route : List.of(new String[] { "POST", "/scan", null },
				new String[] { "PUT", "/schedule", "{\"every\":\"PT6H\"}" },
				new String[] { "DELETE", "/schedule", null }, new String[] { "GET", "/assessments", null })) {
			String theirs = notFound(route[0], "/api/integrations/" + THEIRS + route[1], route[2]);
			String unknown = notFound(route[0],
					"/api/integrations/" + IntegrationId.of("nobody", "demo", "x").value() + route[1], route[2]);
			String malformed = notFound(route[0], "/api/integrations/int_not-an-id" + route[1], route[2]);
			assertThat(theirs).as(route[0] + route[1])
				.isEqualTo(unknown)
				.isEqualTo(malformed)
				.contains("unknown-integration");
		}
		assertThat(this.published.requests).isEmpty();
		assertThat(vault.received).allSatisfy((request) -> {
			assertThat(request.verified()).isTrue();
			assertThat(request.query()).containsEntry("tenant", Fixtures.TENANT);
		});
	}

	@Test
	void aSchedule_isStoredInTheVaultInSeconds_andDeletingItGoesBackToTheDefault() {
		call("PUT", "/api/integrations/" + OURS + "/schedule", "{\"every\":\"PT6H\"}").expectStatus()
			.isOk()
			.expectBody()
			.json("{\"integrationId\":\"" + OURS + "\",\"every\":\"PT6H\"}",
					org.springframework.test.json.JsonCompareMode.STRICT);
		call("DELETE", "/api/integrations/" + OURS + "/schedule", null).expectStatus().isNoContent();

		assertThat(vault.received)
			.extracting(StandInVault.Received::method, StandInVault.Received::path, StandInVault.Received::body)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("PUT", "/internal/integrations/" + OURS + "/schedule",
							"{\"everySeconds\":21600}"),
					org.assertj.core.groups.Tuple.tuple("PUT", "/internal/integrations/" + OURS + "/schedule",
							"{\"everySeconds\":null}"));
	}

	@Test
	void aScheduleOutOfBoundsOrShape_isA400NamingTheBounds_withoutAskingTheVault() {
		for (String body : List.of("{\"every\":\"PT14M59S\"}", "{\"every\":\"P30DT1S\"}", "{\"every\":\"6 hours\"}",
				"{\"every\":\"P1M\"}", "{\"every\":null}", "{}", "{\"every\":21600}", "{\"every\":\"PT6H\",\"x\":1}",
				"{\"every\":", "[]")) {
			String problem = call("PUT", "/api/integrations/" + OURS + "/schedule", body).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			if (body.contains("PT14M") || body.contains("P30DT") || body.contains("hours")) {
				assertThat(problem).as(body).contains("PT15M", "PT720H").doesNotContain("PT14M59S", "6 hours");
			}
		}
		assertThat(vault.received).isEmpty();
	}

	@Test
	void theHistory_isReadNewestFirstWithTheCursorOfTheNextPage() {
		String body = call("GET", "/api/integrations/" + OURS + "/assessments?limit=1&before=bmV4dA", null)
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).isEqualToIgnoringWhitespace("""
				{"integrationId":"%s","entries":[
				 {"at":"2026-11-24T10:15:29.123Z","version":2,"trigger":"SCHEDULED","outcome":"INVALID",
				  "reason":"REVOKED_AT_PLATFORM","httpStatus":401,"latencyMillis":41,
				  "findings":[{"code":"ACCOUNT","severity":"INFO","message":"Connected to acme.",
				               "attributes":{"account":"acme"}}],
				  "consecutiveFailures":0}],
				 "next":"b2xkZXI"}""".formatted(OURS));
		StandInVault.Received asked = vault.received.get(0);
		assertThat(asked.path()).isEqualTo("/internal/integrations/" + OURS + "/assessments");
		assertThat(asked.query()).containsEntry("tenant", Fixtures.TENANT)
			.containsEntry("limit", "1")
			.containsEntry("cursor", "bmV4dA");
	}

	@Test
	void aHistoryLimitOrCursorOutOfShape_isA400_withoutAskingTheVault_andAVaultDownIsA503() {
		for (String query : List.of("limit=0", "limit=201", "limit=ten", "before=a%2Fb")) {
			call("GET", "/api/integrations/" + OURS + "/assessments?" + query, null).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://latchkey.dev/problems/invalid-assessments-request");
		}
		assertThat(vault.received).isEmpty();

		vault.answers((request) -> new Answer(503, "{}"));
		call("GET", "/api/integrations/" + OURS + "/assessments", null).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After");
		call("POST", "/api/integrations/" + OURS + "/scan", null).expectStatus().isEqualTo(503);
		call("PUT", "/api/integrations/" + OURS + "/schedule", "{\"every\":\"PT6H\"}").expectStatus().isEqualTo(503);
	}

	@Test
	void withoutAToken_everyRouteIsA401() {
		this.client.post().uri("/api/integrations/" + OURS + "/scan").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/api/integrations/" + OURS + "/assessments").exchange().expectStatus().isUnauthorized();
		this.client.delete().uri("/api/integrations/" + OURS + "/schedule").exchange().expectStatus().isUnauthorized();
		assertThat(vault.received).isEmpty();
	}

	private String notFound(String method, String path, String body) {
		return call(method, path, body).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()
			.replaceAll("\"instance\":\"[^\"]*\",?", "");
	}

	private WebTestClient.ResponseSpec call(String method, String path, String body) {
		WebTestClient.RequestBodySpec request = this.client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.headers((h) -> h.setBearerAuth(Fixtures.tokenFor(Fixtures.TENANT)));
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	/** The vault as it answers for the tenant's two demo integrations. */
	private static Answer asTheVault(StandInVault.Received request) {
		boolean ours = (request.path().contains(OURS) || request.path().contains(ALSO_OURS))
				&& Fixtures.TENANT.equals(request.query().get("tenant"));
		if (!ours) {
			return Answer.notFound();
		}
		if (request.path().endsWith("/schedule")) {
			return Answer.ok("{\"integrationId\":\"" + OURS + "\",\"everySeconds\":null}");
		}
		if (request.path().endsWith("/assessments")) {
			return Answer.ok("""
					{"entries":[{"at":"2026-11-24T10:15:29.123Z","version":2,"trigger":"SCHEDULED",
					 "outcome":"INVALID","reason":"REVOKED_AT_PLATFORM","httpStatus":401,"latencyMillis":41,
					 "findings":[{"code":"ACCOUNT","severity":"INFO","message":"Connected to acme.",
					              "attributes":{"account":"acme"}}],"consecutiveFailures":0}],
					 "next":"b2xkZXI"}""");
		}
		return Answer.ok("{\"integrationId\":\"" + OURS
				+ "\",\"provider\":\"demo\",\"name\":\"default\",\"version\":2,\"state\":\"ACTIVE\"}");
	}

	/**
	 * Remembers each scan request in place of Kafka; fails like a broker that is down.
	 */
	static class RecordingScanRequests implements ScanRequestPublisher {

		final List<ScanRequest> requests = new CopyOnWriteArrayList<>();

		volatile boolean failing;

		@Override
		public Mono<Void> publish(ScanRequest request) {
			return Mono.defer(() -> {
				if (this.failing) {
					return Mono.error(new IllegalStateException("broker unavailable"));
				}
				this.requests.add(request);
				return Mono.empty();
			});
		}

	}

	@TestConfiguration
	static class FakeBroker {

		@Bean
		@Primary
		RecordingScanRequests recordingScanRequests() {
			return new RecordingScanRequests();
		}

	}

}

package dev.latchkey.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.collector.credential.CredentialPublisher;
import dev.latchkey.collector.scan.ScanRequestPublisher;
import dev.latchkey.local.BadInput;
import dev.latchkey.local.RawHttp;
import dev.latchkey.vaultclient.AssessmentPage;
import dev.latchkey.vaultclient.Assessments;
import dev.latchkey.vaultclient.Integrations;
import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input as a property of the whole HTTP surface: requests made from good ones by
 * {@link BadInput} (paths, methods, headers, bodies), sent as raw bytes to the running
 * collector. Whatever they are: no 5xx, every 4xx a problem+json naming its status, no
 * answer quoting a submitted secret, and exactly one event per accepted submission.
 * Reproduce a run with {@code -Dlatchkey.badinput.seed=<seed>}; more requests with
 * {@code -Dlatchkey.badinput.requests=<n>}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputTest {

	private static final int REQUESTS = Integer.getInteger("latchkey.badinput.requests", 1200);

	private static final long SEED = Long.getLong("latchkey.badinput.seed", 20261202L);

	/** In every secret submitted; no answer may contain it. */
	private static final String SECRET_MARK = "FuzzSecret";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("latchkey.collector.vault-public-keyset", Fixtures::vaultPublicKeysetJson);
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		registry.add("latchkey.security.cors.allowed-origins", () -> "http://localhost:8083");
		registry.add("spring.mongodb.uri", () -> TestMongo.uri("collector_badinput"));
		// Accepting many keeps the publish path busy; the limits have their own tests.
		registry.add("latchkey.collector.limits.per-tenant.requests", () -> "100000");
		registry.add("latchkey.collector.limits.per-integration.requests", () -> "100000");
		registry.add("latchkey.oauth.clients.demo-oauth.client-id", () -> "bad-input");
		registry.add("latchkey.oauth.clients.demo-oauth.client-secret", () -> "bad-input-secret");
	}

	@LocalServerPort
	int port;

	@Autowired
	CountingPublisher publisher;

	@Test
	@DisplayName("mutated requests: no 5xx, problem+json on every 4xx, no secret echoed, one event per accepted submission")
	void badInputNeverBreaksTheService() {
		Random random = new Random(SEED);
		BadInput bad = new BadInput(SEED, badAuthorizations());
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		int accepted = 0;
		long started = System.nanoTime();
		for (int i = 0; i < REQUESTS; i++) {
			RawHttp.Request template = template(i, random);
			RawHttp.Request request = (random.nextInt(5) == 0) ? template : bad.mutate(template);
			RawHttp.Answer answer = RawHttp.send(this.port, request);
			statuses.merge(answer.status(), 1, Integer::sum);
			String problem = problemWith(request, answer);
			if (problem != null) {
				failures.add(problem + ": " + request + " → " + answer);
			}
			// A scan request is answered 202 too, with its request time.
			if (answer.status() == 202 && answer.header("Idempotent-Replayed") == null
					&& !answer.bodyText().contains("requestedAt")) {
				accepted++;
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("Bad input, seed %d: %d requests in %.1f s, answers %s, %d accepted, %d published%n", SEED,
				REQUESTS, seconds, statuses, accepted, this.publisher.count());

		assertThat(failures).as("seed " + SEED).isEmpty();
		assertThat(this.publisher.count()).as("events published, seed " + SEED).isEqualTo(accepted);
		assertThat(accepted).as("some requests were good enough to be accepted").isPositive();
		assertThat(statuses.keySet()).as("the refusals were varied").contains(400, 401, 404, 413, 415, 429);
	}

	/** Why the answer breaks the property, or {@code null}. */
	static String problemWith(RawHttp.Request request, RawHttp.Answer answer) {
		if (answer.status() >= 500) {
			return "a server error";
		}
		if (answer.bodyText().contains(SECRET_MARK)) {
			return "a submitted secret came back";
		}
		if (answer.status() < 400 || "HEAD".equalsIgnoreCase(request.method())) {
			return null;
		}
		String type = answer.header("Content-Type");
		if (type == null || !type.startsWith("application/problem+json")) {
			return "a 4xx without problem+json";
		}
		try {
			JsonNode problem = JSON.readTree(answer.body());
			return (problem.path("status").asInt() == answer.status() && problem.hasNonNull("title")) ? null
					: "a problem without its status and title";
		}
		catch (RuntimeException ex) {
			return "a problem that is not JSON";
		}
	}

	/** One of the collector's requests, as a well-behaved client sends it. */
	private static RawHttp.Request template(int i, Random random) {
		String tenant = "badinput-" + (i % 7);
		Map<String, String> json = Map.of("Authorization", "Bearer " + Fixtures.tokenFor(tenant), "Content-Type",
				"application/json");
		int kind = random.nextInt(26);
		String integration = "/api/integrations/"
				+ dev.latchkey.catalogue.IntegrationId.of(tenant, "demo", "b" + random.nextInt(4)).value();
		if (kind < 8) {
			return RawHttp.Request.of("POST", "/api/integrations/demo/credentials", json,
					"{\"name\":\"b" + i + "\",\"fields\":{\"api_key\":\"demo_live_" + SECRET_MARK + i + "\"}}");
		}
		if (kind < 11) {
			Map<String, String> keyed = new java.util.LinkedHashMap<>(json);
			// A few keys used again and again: replays, conflicts and reuse.
			keyed.put("Idempotency-Key", "\"key-" + random.nextInt(8) + "\"");
			return RawHttp.Request.of("POST", "/api/integrations/demo/credentials", keyed,
					"{\"name\":\"keyed\",\"fields\":{\"api_key\":\"demo_live_" + SECRET_MARK + random.nextInt(3)
							+ "\"}}");
		}
		if (kind < 13) {
			return RawHttp.Request.of("POST", "/api/integrations/twilio/credentials", json,
					"{\"name\":\"sms" + i + "\",\"fields\":{\"account_sid\":\"AC0123456789abcdef0123456789abcdef\","
							+ "\"auth_token\":\"" + "fedcba9876543210fedcba9876543210" + "\"}}");
		}
		if (kind < 15) {
			return RawHttp.Request.of("POST", "/api/integrations/demo-oauth/connect", json,
					"{\"name\":\"c" + i + "\",\"returnUrl\":\"http://localhost:8083/\"}");
		}
		if (kind < 17) {
			return RawHttp.Request.of("GET", "/api/providers", Map.of("Authorization", json.get("Authorization")),
					null);
		}
		if (kind < 19) {
			return RawHttp.Request.of("GET", "/oauth/demo-oauth/callback?code=c0de&state=" + "s".repeat(43),
					Map.of("Cookie", "latchkey-connect=" + "k".repeat(43)), null);
		}
		if (kind == 20) {
			return RawHttp.Request.of("POST", integration + "/scan", Map.of("Authorization", json.get("Authorization")),
					null);
		}
		if (kind == 21) {
			return RawHttp.Request.of("PUT", integration + "/schedule", json,
					"{\"every\":\"PT" + (1 + random.nextInt(48)) + "H\"}");
		}
		if (kind == 22) {
			return RawHttp.Request.of("DELETE", integration + "/schedule",
					Map.of("Authorization", json.get("Authorization")), null);
		}
		if (kind == 23) {
			return RawHttp.Request.of("GET", integration + "/assessments?limit=" + (1 + random.nextInt(50)),
					Map.of("Authorization", json.get("Authorization")), null);
		}
		if (kind == 24) {
			return RawHttp.Request.of("POST", "/api/integrations/demo/credentials", json, "{\"name\":\"s" + i
					+ "\",\"scanEvery\":\"PT1H\",\"fields\":{\"api_key\":\"demo_live_" + SECRET_MARK + i + "\"}}");
		}
		// Liveness: the whole health is down here, without a broker.
		return RawHttp.Request.of("GET", "/actuator/health/liveness", Map.of(), null);
	}

	private static List<String> badAuthorizations() {
		String good = Fixtures.tokenFor("badinput-0");
		return List.of(
				"Bearer " + new DevTokens("another-secret-another-secret-another-1").mint("badinput-0",
						Duration.ofMinutes(5)),
				"Bearer " + new DevTokens(Fixtures.JWT_SECRET).mint("badinput-0", Duration.ofMinutes(-5)),
				"Bearer " + new DevTokens(Fixtures.JWT_SECRET).mint("../globex", Duration.ofMinutes(5)),
				"Bearer " + new DevTokens(Fixtures.JWT_SECRET).mint("badinput-0", Duration.ofDays(400)),
				"Bearer garbage", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + good + "x",
				"bearer " + good, "Bearer  " + good, good);
	}

	/** Counts what the collector publishes, in place of Kafka. */
	static class CountingPublisher implements CredentialPublisher {

		private final AtomicInteger published = new AtomicInteger();

		@Override
		public Mono<Void> publish(dev.latchkey.collector.credential.SealedCredential credential) {
			return Mono.fromRunnable(this.published::incrementAndGet);
		}

		int count() {
			return this.published.get();
		}

	}

	/**
	 * The vault as the scan, schedule and history routes use it: every integration is
	 * there (the tenant scoping has its own tests).
	 */
	static class FakeVault implements Integrations, Assessments {

		@Override
		public Mono<IntegrationSummary> find(String tenantId, String integrationId) {
			return Mono.just(new IntegrationSummary(integrationId, "demo", "default", 1, "ACTIVE"));
		}

		@Override
		public Mono<Void> delete(String tenantId, String integrationId, String revocation) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> schedule(String tenantId, String integrationId, Long everySeconds) {
			return Mono.empty();
		}

		@Override
		public Mono<AssessmentPage> assessments(String tenantId, String integrationId, String cursor, int limit) {
			return Mono.just(new AssessmentPage(List.of(), null));
		}

	}

	@TestConfiguration
	static class FakeBroker {

		@Bean
		@Primary
		CountingPublisher countingPublisher() {
			return new CountingPublisher();
		}

		@Bean
		@Primary
		ScanRequestPublisher scanRequests() {
			return (request) -> Mono.empty();
		}

		@Bean
		FakeVault fakeVault() {
			return new FakeVault();
		}

	}

}

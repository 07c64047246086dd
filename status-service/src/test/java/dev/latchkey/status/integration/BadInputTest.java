package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.latchkey.kafka.KafkaSupportAutoConfiguration;
import dev.latchkey.local.BadInput;
import dev.latchkey.local.RawHttp;
import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input as a property of the status API: requests made from good ones by
 * {@link BadInput} (paths, methods, headers, bodies), sent as raw bytes to the running
 * web layer over a view that has caught up. Whatever they are: no 5xx, every 4xx a
 * problem+json naming its status, and nothing changes (the status service publishes no
 * event in answer to a request; the view keeps its revision). Reproduce a run with
 * {@code -Dlatchkey.badinput.seed=<seed>}.
 */
@SpringBootTest(classes = BadInputTest.WebLayer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, WebTestSupport.ISSUER,
				WebTestSupport.AUDIENCE, "latchkey.security.cors.allowed-origins=http://localhost:8080",
				// Its readiness names the Kafka consumers' health, which is not here.
				"management.endpoint.health.validate-group-membership=false" })
class BadInputTest {

	private static final int REQUESTS = Integer.getInteger("latchkey.badinput.requests", 1200);

	private static final long SEED = Long.getLong("latchkey.badinput.seed", 20261202L);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	StatusView view;

	@Test
	@DisplayName("mutated requests: no 5xx, problem+json on every 4xx, the view unchanged")
	void badInputNeverBreaksTheService() {
		this.view.apply(Fixtures.anActiveDemo());
		this.view.apply(Fixtures.aPendingTwilio());
		this.view.apply(Fixtures.anInvalidTwilioBackup());
		String revision = this.view.revision(Fixtures.TENANT_A);
		Random random = new Random(SEED);
		BadInput bad = new BadInput(SEED, badAuthorizations());
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < REQUESTS; i++) {
			RawHttp.Request template = template(random);
			RawHttp.Request request = (random.nextInt(5) == 0) ? template : bad.mutate(template);
			RawHttp.Answer answer = RawHttp.send(this.port, request);
			statuses.merge(answer.status(), 1, Integer::sum);
			String problem = problemWith(request, answer);
			if (problem != null) {
				failures.add(problem + ": " + request + " → " + answer);
			}
		}
		System.out.printf("Bad input, seed %d: %d requests in %.1f s, answers %s%n", SEED, REQUESTS,
				(System.nanoTime() - started) / 1e9, statuses);

		assertThat(failures).as("seed " + SEED).isEmpty();
		assertThat(this.view.revision(Fixtures.TENANT_A)).isEqualTo(revision);
		assertThat(statuses.keySet()).as("answers and refusals were varied")
			.contains(200, 400, 401, 404, 405, 406, 414, 431);
	}

	private static String problemWith(RawHttp.Request request, RawHttp.Answer answer) {
		if (answer.status() >= 500) {
			return "a server error";
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

	/** One of the status service's requests, as a well-behaved frontend sends it. */
	private static RawHttp.Request template(Random random) {
		String tenant = (random.nextInt(4) == 0) ? Fixtures.TENANT_B : Fixtures.TENANT_A;
		Map<String, String> bearer = Map.of("Authorization", "Bearer " + WebTestSupport.tokenFor(tenant));
		return switch (random.nextInt(12)) {
			case 0, 1 -> RawHttp.Request.of("GET", "/api/integrations/status", bearer, null);
			case 2 -> RawHttp.Request.of("GET", "/api/integrations/status", Map.of("Authorization",
					bearer.get("Authorization"), "If-None-Match", "\"v1.x.y\"", "Accept", "text/event-stream"), null);
			case 3 -> RawHttp.Request.of("GET", "/api/integrations/status/demo", bearer, null);
			case 4 -> RawHttp.Request.of("GET", "/api/integrations/status/twilio?name=backup", bearer, null);
			case 5 -> RawHttp.Request.of("GET", "/api/integrations/status/nosuchprovider", bearer, null);
			case 6 -> RawHttp.Request.of("GET", "/api/integrations", bearer, null);
			case 7 -> RawHttp.Request.of("GET", "/", Map.of(), null);
			case 8 -> RawHttp.Request.of("GET", "/latchkey-status.js", Map.of(), null);
			case 9 -> RawHttp.Request.of(
					"OPTIONS", "/api/integrations/status", Map.of("Origin", "http://localhost:8080",
							"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"),
					null);
			case 10 -> RawHttp.Request.of("POST", "/api/integrations/status",
					Map.of("Authorization", bearer.get("Authorization"), "Content-Type", "application/json"),
					"{\"integrations\":{\"demo\":true}}");
			default -> RawHttp.Request.of("GET", "/actuator/health/liveness", Map.of(), null);
		};
	}

	private static List<String> badAuthorizations() {
		String good = WebTestSupport.tokenFor(Fixtures.TENANT_A);
		return List.of(
				"Bearer " + new DevTokens("another-secret-another-secret-another-1").mint(Fixtures.TENANT_A,
						Duration.ofMinutes(5)),
				"Bearer " + new DevTokens(WebTestSupport.JWT_SECRET).mint(Fixtures.TENANT_A, Duration.ofMinutes(-5)),
				"Bearer "
						+ new DevTokens(WebTestSupport.JWT_SECRET).mint("tenant-a/../tenant-b", Duration.ofMinutes(5)),
				"Bearer " + new DevTokens(WebTestSupport.JWT_SECRET).mint(Fixtures.TENANT_A, Duration.ofDays(400)),
				"Bearer garbage", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + good + "x",
				"bearer " + good, good);
	}

	/**
	 * The web layer over a view that has caught up; no Kafka. Not a
	 * {@code @SpringBootConfiguration}: the slice tests of this package would take it for
	 * the application.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = { KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class,
			KafkaSupportAutoConfiguration.class })
	@Import({ StatusController.class, StatusPollRoute.class, WebTestSupport.CaughtUpView.class })
	static class WebLayer {

	}

}

package dev.latchkey.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPlatformTest {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static DemoPlatform platform;

	@BeforeAll
	static void start() {
		platform = DemoPlatform.start(0);
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@Test
	void acceptsALiveDemoKey() throws Exception {
		HttpResponse<String> response = me("Bearer " + Fixtures.aLiveDemoKey());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("{\"ok\":true,\"kind\":\"live\",\"account\":{\"id\":\"acct_");
		assertThat(response.headers().firstValue("X-OAuth-Scopes")).hasValue("read,write");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void rejectsAnyOtherKey() throws Exception {
		HttpResponse<String> response = me("Bearer demo_other_0123456789");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"error\":\"invalid_api_key\"}");
	}

	@Test
	void rejectsAMissingOrMalformedAuthorizationHeader() throws Exception {
		assertThat(me(null).statusCode()).isEqualTo(401);
		assertThat(me(Fixtures.aLiveDemoKey()).statusCode()).isEqualTo(401);
		assertThat(me("Basic " + Fixtures.aLiveDemoKey()).statusCode()).isEqualTo(401);
	}

	@Test
	void countsEveryRequest() throws Exception {
		int before = platform.requestCount();

		me("Bearer " + Fixtures.aLiveDemoKey());
		me(null);

		assertThat(platform.requestCount()).isEqualTo(before + 2);
	}

	@Test
	void answersOnlyTheMeEndpoint() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/meh"))
			.header("Authorization", "Bearer " + Fixtures.aLiveDemoKey())
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void tellsTheKindOfKeyAndItsScopes() throws Exception {
		String key = "demo_test_" + java.util.UUID.randomUUID().toString().replace("-", "");
		platform.scopes(key, "read", "admin");

		HttpResponse<String> response = me("Bearer " + key);

		assertThat(response.body()).contains("\"kind\":\"test\"").doesNotContain(key);
		assertThat(response.headers().firstValue("X-OAuth-Scopes")).hasValue("read,admin");
	}

	@Test
	void rejectsARevokedKey_revokedOverHttp() throws Exception {
		String key = Fixtures.aLiveDemoKey() + java.util.UUID.randomUUID().toString().replace("-", "");
		assertThat(me("Bearer " + key).statusCode()).isEqualTo(200);

		HttpResponse<String> revoked = http
			.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/admin/keys/" + key + "/revoke"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(me("Bearer " + key).statusCode()).isEqualTo(401);
	}

	@Test
	void rateLimit_answers429WithRetryAfter_andCountsWhatWentOver() throws Exception {
		try (DemoPlatform limited = DemoPlatform.start(0).rateLimit(2)) {
			List<Integer> statuses = new java.util.ArrayList<>();
			for (int i = 0; i < 4; i++) {
				HttpResponse<String> response = http
					.send(HttpRequest.newBuilder(URI.create(limited.baseUrl() + "/v1/me"))
						.header("Authorization", "Bearer " + Fixtures.aLiveDemoKey())
						.build(), HttpResponse.BodyHandlers.ofString());
				statuses.add(response.statusCode());
				if (response.statusCode() == 429) {
					assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
				}
			}

			assertThat(statuses).containsExactly(200, 200, 429, 429);
			DemoPlatform.Stats counted = limited.stats();
			assertThat(List.of(counted.requests(), counted.maxPerSecond(), counted.overLimit(), counted.maxInFlight()))
				.containsExactly(4, 4, 2, 1);
			assertThat(counted.lastArrival()).isGreaterThan(counted.firstArrival());
			assertThat(counted.arrivalRate()).isEqualTo(3e9 / (counted.lastArrival() - counted.firstArrival()));
			HttpResponse<String> stats = http.send(
					HttpRequest.newBuilder(URI.create(limited.baseUrl() + "/admin/stats")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(stats.body()).isEqualTo("{\"requests\":4,\"maxPerSecond\":4,\"overLimit\":2,\"maxInFlight\":1}");
		}
	}

	@Test
	void latency_delaysEveryAnswer() throws Exception {
		try (DemoPlatform slow = DemoPlatform.start(0).latency(java.time.Duration.ofMillis(300))) {
			long started = System.nanoTime();
			http.send(HttpRequest.newBuilder(URI.create(slow.baseUrl() + "/v1/me")).build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(300_000_000L);
		}
	}

	private static HttpResponse<String> me(String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/me"));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

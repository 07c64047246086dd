package dev.latchkey.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
		assertThat(response.body()).isEqualTo("{\"ok\":true}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void rejectsAnyOtherKey() throws Exception {
		HttpResponse<String> response = me("Bearer demo_test_0123456789");

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

	private static HttpResponse<String> me(String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/me"));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

package dev.latchkey.websecurity;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(classes = TenantSecurityTest.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + TenantSecurityTest.SECRET,
				"latchkey.security.jwt.issuer=" + DevTokens.ISSUER,
				"latchkey.security.jwt.audience=" + DevTokens.AUDIENCE,
				"latchkey.security.cors.allowed-origins=http://localhost:8083",
				"latchkey.security.cors.credentialed-paths=/api/integrations/*/connect" })
@AutoConfigureWebTestClient
class CorsTest {

	@Autowired
	WebTestClient client;

	@Test
	void aPreflightFromAnAllowedOrigin_mayCarryTheBearerToken() {
		preflight("http://localhost:8083").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8083")
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					(headers) -> org.assertj.core.api.Assertions.assertThat(headers.toLowerCase())
						.contains("authorization"));
	}

	@Test
	void aPreflightFromAnyOtherOrigin_isRefusedWithAProblem() {
		preflight("http://evil.example").expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectHeader()
			.contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void onlyCredentialedPathsLetTheBrowserSendAndKeepCookies() {
		preflight("http://localhost:8083", "/api/integrations/demo-oauth/connect").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		preflight("http://localhost:8083").expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
	}

	private WebTestClient.ResponseSpec preflight(String origin) {
		return preflight(origin, "/api/integrations/demo/credentials");
	}

	private WebTestClient.ResponseSpec preflight(String origin, String path) {
		return this.client.options()
			.uri(path)
			.header(HttpHeaders.ORIGIN, origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
			.exchange();
	}

}

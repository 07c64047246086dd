package dev.latchkey.websecurity;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + TenantSecurityTest.SECRET,
				"latchkey.security.jwt.issuer=" + DevTokens.ISSUER,
				"latchkey.security.jwt.audience=" + DevTokens.AUDIENCE })
@AutoConfigureWebTestClient
class TenantSecurityTest {

	static final String SECRET = "test-secret-test-secret-test-secret-0123";

	@Autowired
	WebTestClient client;

	@Autowired
	ReactiveJwtDecoder decoder;

	@Test
	void aValidTokenReachesTheEndpointWithItsTenant() {
		this.client.get()
			.uri("/whoami")
			.headers((h) -> h.setBearerAuth(new DevTokens(SECRET).mint("acme", Duration.ofMinutes(5))))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant")
			.isEqualTo("acme");
	}

	@Test
	void noTokenIsAnUnauthorizedProblem() {
		this.client.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.detail")
			.exists();
	}

	@Test
	void aTokenSignedWithAnotherSecretIsRejected() {
		String forged = new DevTokens("another-secret-another-secret-another-1").mint("acme", Duration.ofMinutes(5));
		this.client.get()
			.uri("/whoami")
			.headers((h) -> h.setBearerAuth(forged))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aTokenWithoutTheTenantClaimIsRejected() {
		String noTenant = new DevTokens(SECRET, "other_claim").mint("acme", Duration.ofMinutes(5));
		this.client.get()
			.uri("/whoami")
			.headers((h) -> h.setBearerAuth(noTenant))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> org.assertj.core.api.Assertions.assertThat(detail.toString()).contains("tenant_id"));
	}

	@Test
	void verifiedTokensAreAnsweredFromTheCacheByDefault() {
		org.assertj.core.api.Assertions.assertThat(this.decoder).isInstanceOf(CachingJwtDecoder.class);
	}

	@Test
	void healthIsOpen() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().value((status) -> {
			org.assertj.core.api.Assertions.assertThat(status).isNotEqualTo(401);
		});
	}

	@SpringBootApplication
	@RestController
	static class TestApp {

		@GetMapping("/whoami")
		Map<String, String> whoami(TenantId tenant) {
			return Map.of("tenant", tenant.value());
		}

		@PostMapping("/api/echo")
		Echo echo(TenantId tenant, @RequestBody Echo body) {
			return body;
		}

		record Echo(String name, int count, boolean flag) {
		}

	}

}

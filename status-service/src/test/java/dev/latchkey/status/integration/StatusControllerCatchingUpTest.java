package dev.latchkey.status.integration;

import dev.latchkey.websecurity.TenantSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.latchkey.status.integration.Fixtures.TENANT_A;
import static dev.latchkey.status.integration.WebTestSupport.tokenFor;

@WebFluxTest(controllers = StatusController.class,
		properties = { "latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, WebTestSupport.ISSUER,
				WebTestSupport.AUDIENCE })
@ImportAutoConfiguration(TenantSecurityAutoConfiguration.class)
@Import(WebTestSupport.CatchingUpView.class)
class StatusControllerCatchingUpTest {

	@Autowired
	WebTestClient client;

	@Test
	void everyEndpoint_isAServiceUnavailableProblemUntilTheViewCaughtUp() {
		for (String uri : new String[] { "/api/integrations/status", "/api/integrations/status/demo",
				"/api/integrations" }) {
			this.client.get()
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(tokenFor(TENANT_A)))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.valueEquals(HttpHeaders.RETRY_AFTER, "1")
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("status view is catching up")
				.jsonPath("$.integrations")
				.doesNotExist();
		}
	}

}

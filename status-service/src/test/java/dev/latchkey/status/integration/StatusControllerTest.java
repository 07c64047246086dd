package dev.latchkey.status.integration;

import java.util.List;
import java.util.Map;

import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.websecurity.TenantSecurityAutoConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.latchkey.status.integration.Fixtures.TENANT_A;
import static dev.latchkey.status.integration.Fixtures.TENANT_B;
import static dev.latchkey.status.integration.Fixtures.aPendingTwilio;
import static dev.latchkey.status.integration.Fixtures.anActiveDemo;
import static dev.latchkey.status.integration.Fixtures.anInvalidTwilioBackup;
import static dev.latchkey.status.integration.WebTestSupport.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;

@WebFluxTest(controllers = StatusController.class,
		properties = { "latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, WebTestSupport.ISSUER,
				WebTestSupport.AUDIENCE })
@ImportAutoConfiguration(TenantSecurityAutoConfiguration.class)
@Import(WebTestSupport.CaughtUpView.class)
class StatusControllerTest {

	@Autowired
	WebTestClient client;

	@Autowired
	StatusView view;

	@BeforeEach
	void tenantAHasADemoAndTwoTwilioIntegrations() {
		this.view.apply(anActiveDemo());
		this.view.apply(aPendingTwilio());
		this.view.apply(anInvalidTwilioBackup());
	}

	@Test
	void statuses_nameEveryCatalogueProviderAndWhetherItIsUsable() {
		List<String> providers = ProviderCatalogue.builtIn().all().stream().map(Provider::id).toList();

		get("/api/integrations/status", TENANT_A).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.integrations")
			.value((Map<String, Boolean> usable) -> {
				assertThat(usable.keySet()).containsExactlyElementsOf(providers);
				assertThat(usable).containsEntry("demo", true)
					.containsEntry("twilio", false)
					.allSatisfy((provider, configured) -> assertThat(configured).isEqualTo(provider.equals("demo")));
			});
	}

	@Test
	void status_describesTheProvidersDefaultIntegration() {
		get("/api/integrations/status/demo", TENANT_A).expectStatus().isOk().expectBody().json("""
				{"integrationId": "int_demo_a", "provider": "demo", "name": "default", "state": "ACTIVE",
				 "usable": true, "version": 2, "publicFields": {"account": "acme-demo"},
				 "createdAt": "2026-11-20T10:15:30Z", "updatedAt": "2026-11-20T10:16:30Z",
				 "lastVerifiedAt": "2026-11-20T10:16:30Z", "reason": "VERIFIED",
				 "lastCheckedAt": "2026-11-20T10:16:30Z", "nextCheckAt": "2026-11-20T16:16:30Z",
				 "findings": [{"code": "ACCOUNT", "severity": "INFO", "message": "Connected to demo account acme-demo.",
				               "attributes": {"account": "acme-demo"}}],
				 "scanEvery": "PT6H"}
				""", org.springframework.test.json.JsonCompareMode.STRICT);
	}

	@Test
	void status_describesAnUnusableIntegrationWithNullVerificationTime() {
		get("/api/integrations/status/twilio", TENANT_A).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("PENDING_VERIFICATION")
			.jsonPath("$.usable")
			.isEqualTo(false)
			.jsonPath("$.reason")
			.isEqualTo("RECEIVED")
			.jsonPath("$.lastVerifiedAt")
			.isEmpty()
			.jsonPath("$.lastCheckedAt")
			.isEmpty()
			.jsonPath("$.findings")
			.isEmpty()
			.jsonPath("$.scanEvery")
			.isEmpty();
	}

	@Test
	void status_findsAnIntegrationByName() {
		get("/api/integrations/status/twilio?name=backup", TENANT_A).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("backup")
			.jsonPath("$.state")
			.isEqualTo("INVALID");
	}

	@Test
	void status_isANotFoundProblemWhenTheProviderIsNotConfigured() {
		expectNotFoundProblem(get("/api/integrations/status/stripe", TENANT_A));
		expectNotFoundProblem(get("/api/integrations/status/demo?name=backup", TENANT_A));
	}

	@Test
	void status_isANotFoundProblemForAnUnknownProvider() {
		expectNotFoundProblem(get("/api/integrations/status/myspace", TENANT_A));
	}

	@Test
	void list_namesTheTenantsIntegrationsSortedWithoutAnyField() {
		get("/api/integrations", TENANT_A).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.integrations[*].provider")
			.isEqualTo(java.util.List.of("demo", "twilio", "twilio"))
			.jsonPath("$.integrations[*].name")
			.isEqualTo(java.util.List.of("default", "backup", "default"))
			.jsonPath("$.integrations[0]")
			.isEqualTo(java.util.Map.of("id", "int_demo_a", "provider", "demo", "name", "default", "state", "ACTIVE",
					"createdAt", "2026-11-20T10:15:30Z", "updatedAt", "2026-11-20T10:16:30Z"));
	}

	@Test
	void everyAnswer_isJsonWithItsLength() {
		for (String uri : new String[] { "/api/integrations/status", "/api/integrations/status/demo",
				"/api/integrations" }) {
			byte[] body = get(uri, TENANT_A).expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody()
				.returnResult()
				.getResponseBody();
			get(uri, TENANT_A).expectHeader().contentLength(body.length);
		}
	}

	@Test
	void everyAnswer_isNotAcceptableToACallerThatTakesNoJson() {
		for (String uri : new String[] { "/api/integrations/status", "/api/integrations/status/demo",
				"/api/integrations" }) {
			this.client.get()
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(tokenFor(TENANT_A)))
				.accept(MediaType.TEXT_HTML)
				.exchange()
				.expectStatus()
				.isEqualTo(406);
			this.client.get()
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(tokenFor(TENANT_A)))
				.header(HttpHeaders.ACCEPT, "text/html, application/json;q=0.9")
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	@Test
	void everyEndpoint_needsABearerToken() {
		for (String uri : new String[] { "/api/integrations/status", "/api/integrations/status/demo",
				"/api/integrations" }) {
			this.client.get()
				.uri(uri)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void listAndBooleans_stayLean_withoutChecksOrFindings() {
		get("/api/integrations", TENANT_A).expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("findings", "lastCheckedAt", "nextCheckAt", "scanEvery"));
		get("/api/integrations/status", TENANT_A).expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("findings", "lastCheckedAt"));
	}

	@Test
	void anotherTenant_cannotReadOrListTheseIntegrations() {
		get("/api/integrations/status", TENANT_B).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.integrations.demo")
			.isEqualTo(false);
		expectNotFoundProblem(get("/api/integrations/status/demo", TENANT_B));
		get("/api/integrations", TENANT_B).expectStatus().isOk().expectBody().json("""
				{"integrations": []}
				""", org.springframework.test.json.JsonCompareMode.STRICT);
	}

	private WebTestClient.ResponseSpec get(String uri, String tenantId) {
		return this.client.get().uri(uri).headers((headers) -> headers.setBearerAuth(tokenFor(tenantId))).exchange();
	}

	private static void expectNotFoundProblem(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.detail")
			.exists()
			.jsonPath("$.integrationId")
			.doesNotExist();
	}

}

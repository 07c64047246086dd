package dev.latchkey.status.integration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.latchkey.websecurity.TenantSecurityAutoConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.latchkey.status.integration.Fixtures.anIntegration;
import static dev.latchkey.status.integration.WebTestSupport.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;

/** Polling with ETags: 304 without a body until the tenant's integrations change. */
@WebFluxTest(controllers = StatusController.class,
		properties = { "latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, WebTestSupport.ISSUER,
				WebTestSupport.AUDIENCE })
@ImportAutoConfiguration(TenantSecurityAutoConfiguration.class)
@Import(WebTestSupport.CaughtUpView.class)
class ConditionalStatusTest {

	private static final String[] ENDPOINTS = { "/api/integrations/status", "/api/integrations/status/demo",
			"/api/integrations" };

	@Autowired
	WebTestClient client;

	@Autowired
	StatusView view;

	/** Its own tenants: the view is shared with other tests of the same context. */
	private static final String TENANT = "tenant-polling";

	private static final String OTHER_TENANT = "tenant-polling-other";

	private static final String CHANGING_TENANT = "tenant-polling-changes";

	private static final IntegrationStatus DEMO = anIntegration(TENANT, "demo", "default", IntegrationState.ACTIVE);

	@BeforeEach
	void theTenantHasADemo() {
		this.view.apply(DEMO);
	}

	@Test
	void everyStatusAnswer_hasAnETagAndMustBeRevalidatedPrivately() {
		for (String uri : ENDPOINTS) {
			this.client.get()
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(tokenFor(TENANT)))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.exists(HttpHeaders.ETAG)
				.expectHeader()
				.value(HttpHeaders.CACHE_CONTROL, (value) -> assertThat(value).contains("no-cache", "private"));
		}
	}

	@Test
	void ifNoneMatch_answersNotModifiedWithoutABodyUntilTheTenantsViewChanges() {
		for (String uri : ENDPOINTS) {
			String etag = etagOf(uri, TENANT);

			this.client.get().uri(uri).headers((headers) -> {
				headers.setBearerAuth(tokenFor(TENANT));
				headers.setIfNoneMatch(etag);
			})
				.exchange()
				.expectStatus()
				.isNotModified()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, etag)
				.expectBody()
				.isEmpty();
		}
		String before = etagOf("/api/integrations/status", TENANT);

		this.view.apply(anIntegration(TENANT, "twilio", "default", IntegrationState.PENDING_VERIFICATION));

		this.client.get().uri("/api/integrations/status").headers((headers) -> {
			headers.setBearerAuth(tokenFor(TENANT));
			headers.setIfNoneMatch(before);
		}).exchange().expectStatus().isOk().expectBody().jsonPath("$.integrations.demo").isEqualTo(true);
		assertThat(etagOf("/api/integrations/status", TENANT)).isNotEqualTo(before);
	}

	@Test
	void everyAnswer_showsTheTenantsChangeOnTheNextPoll() {
		IntegrationStatus pending = anIntegration(CHANGING_TENANT, "twilio", "default",
				IntegrationState.PENDING_VERIFICATION);
		this.view.apply(pending);
		assertThat(bodyOf("/api/integrations/status")).contains("\"twilio\":false");
		assertThat(bodyOf("/api/integrations/status/twilio")).contains("\"PENDING_VERIFICATION\"");
		assertThat(bodyOf("/api/integrations")).contains("\"PENDING_VERIFICATION\"");

		this.view.apply(Fixtures.changed(pending, IntegrationState.ACTIVE, 2, pending.occurredAt()));

		assertThat(bodyOf("/api/integrations/status")).contains("\"twilio\":true");
		assertThat(bodyOf("/api/integrations/status/twilio")).contains("\"ACTIVE\"");
		assertThat(bodyOf("/api/integrations")).contains("\"ACTIVE\"").doesNotContain("\"PENDING_VERIFICATION\"");
	}

	@Test
	void eTag_doesNotChangeWhenAnotherTenantsViewChanges() {
		String before = etagOf("/api/integrations/status", TENANT);

		this.view.apply(anIntegration(OTHER_TENANT, "twilio", "default", IntegrationState.ACTIVE));

		assertThat(etagOf("/api/integrations/status", TENANT)).isEqualTo(before);
	}

	private String bodyOf(String uri) {
		return this.client.get()
			.uri(uri)
			.headers((headers) -> headers.setBearerAuth(tokenFor(CHANGING_TENANT)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private String etagOf(String uri, String tenantId) {
		return this.client.get()
			.uri(uri)
			.headers((headers) -> headers.setBearerAuth(tokenFor(tenantId)))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
	}

}

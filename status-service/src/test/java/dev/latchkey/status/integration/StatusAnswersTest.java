package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.websecurity.TenantId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static dev.latchkey.status.integration.Fixtures.anIntegration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls are answered from bytes serialised once per tenant revision; without a Spring
 * context, so that every serialisation can be counted.
 */
class StatusAnswersTest {

	private static final TenantId TENANT = new TenantId("tenant-answers");

	private static final TenantId OTHER_TENANT = new TenantId("tenant-answers-other");

	private final StatusView view = new StatusView();

	private final AtomicInteger serialisations = new AtomicInteger();

	private final StatusController controller = new StatusController(this.view, new StatusStream(this.view, 8, 8, 8),
			new CatchUp(Map.of(0, 0L)), ProviderCatalogue.builtIn(),
			new StatusProperties(Duration.ofSeconds(1), new StatusProperties.Stream(Duration.ofSeconds(15), 8, 8, 8)),
			new JsonMapper() {

				@Override
				public byte[] writeValueAsBytes(Object value) {
					StatusAnswersTest.this.serialisations.incrementAndGet();
					return super.writeValueAsBytes(value);
				}

			});

	private final IntegrationStatus pendingDemo = anIntegration(TENANT.value(), "demo", "default",
			IntegrationState.PENDING_VERIFICATION);

	@Test
	void eachAnswerIsSerialisedOncePerRevision() {
		this.view.apply(this.pendingDemo);

		for (int poll = 0; poll < 50; poll++) {
			assertThat(body(statuses())).contains("\"demo\":false");
			assertThat(body(list())).contains("PENDING_VERIFICATION");
			assertThat(body(demo())).contains("PENDING_VERIFICATION");
		}

		assertThat(this.serialisations).hasValue(3);
	}

	@Test
	void aChangeOfTheTenant_isInTheNextAnswerOfEveryKind() {
		this.view.apply(this.pendingDemo);
		String before = body(statuses()) + body(list()) + body(demo());

		this.view.apply(Fixtures.changed(this.pendingDemo, IntegrationState.ACTIVE, 2, this.pendingDemo.occurredAt()));

		assertThat(before).doesNotContain("ACTIVE");
		assertThat(body(statuses())).contains("\"demo\":true");
		assertThat(body(list())).contains("ACTIVE");
		assertThat(body(demo())).contains("ACTIVE");
		assertThat(this.serialisations).hasValue(6);
	}

	@Test
	void anotherTenantsChange_leavesTheseAnswersAsTheyWere() {
		this.view.apply(this.pendingDemo);
		body(statuses());

		this.view.apply(anIntegration(OTHER_TENANT.value(), "demo", "default", IntegrationState.ACTIVE));
		body(statuses());

		assertThat(this.serialisations).hasValue(1);
	}

	@Test
	void aTenantWhoseLastIntegrationWentAway_isAnsweredAsOneWithout() {
		this.view.apply(this.pendingDemo);
		body(list());

		this.view.remove(this.pendingDemo.integrationId());

		assertThat(body(list())).isEqualTo("{\"integrations\":[]}");
	}

	@Test
	void aPollWithTheCurrentETag_isNotModifiedAndSerialisesNothing() {
		this.view.apply(this.pendingDemo);
		MockServerWebExchange first = statuses();
		String etag = first.getResponse().getHeaders().getETag();

		MockServerWebExchange again = exchange(
				MockServerHttpRequest.get("/api/integrations/status").header(HttpHeaders.IF_NONE_MATCH, etag));
		this.controller.statuses(TENANT, again).block();

		assertThat(again.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
		assertThat(again.getResponse().getHeaders().getETag()).isEqualTo(etag);
		assertThat(again.getResponse().getHeaders().getCacheControl()).isEqualTo("no-cache, private");
		assertThat(this.serialisations).hasValue(1);
	}

	private MockServerWebExchange statuses() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/api/integrations/status"));
		this.controller.statuses(TENANT, exchange).block();
		return exchange;
	}

	private MockServerWebExchange list() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/api/integrations"));
		this.controller.list(TENANT, exchange).block();
		return exchange;
	}

	private MockServerWebExchange demo() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/api/integrations/status/demo"));
		this.controller.status(TENANT, "demo", "default", exchange).block();
		return exchange;
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.from(request);
	}

	private static String body(MockServerWebExchange exchange) {
		return exchange.getResponse().getBodyAsString().block();
	}

}

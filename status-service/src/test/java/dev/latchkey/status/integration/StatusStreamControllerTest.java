package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.latchkey.websecurity.TenantSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.latchkey.status.integration.Fixtures.TENANT_A;
import static dev.latchkey.status.integration.Fixtures.TENANT_B;
import static dev.latchkey.status.integration.Fixtures.aPendingTwilio;
import static dev.latchkey.status.integration.Fixtures.anActiveDemo;
import static dev.latchkey.status.integration.WebTestSupport.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The status stream over HTTP: Server-Sent Events with revisions as ids. */
@WebFluxTest(controllers = StatusController.class,
		properties = { "latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, WebTestSupport.ISSUER,
				WebTestSupport.AUDIENCE, "latchkey.status.stream.heartbeat=100ms",
				"latchkey.status.stream.max-subscribers-per-tenant=1" })
@ImportAutoConfiguration(TenantSecurityAutoConfiguration.class)
@Import(WebTestSupport.CaughtUpView.class)
class StatusStreamControllerTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
	};

	@Autowired
	WebTestClient client;

	@Autowired
	StatusView view;

	@Autowired
	StatusStream stream;

	@Test
	void stream_sendsTheSnapshotThenEachChangeWithTheRevisionAsId() {
		this.view.apply(anActiveDemo());

		StepVerifier.create(events(TENANT_A, null).filter((event) -> event.event() != null)).assertNext((event) -> {
			assertThat(event.event()).isEqualTo("snapshot");
			assertThat(event.id()).isEqualTo(this.view.revision(TENANT_A));
			assertThat(event.data()).contains("\"providers\":[\"demo\"", "\"state\":\"ACTIVE\"",
					"\"lastCheckedAt\":\"2026-11-20T10:16:30Z\"", "\"nextCheckAt\":\"2026-11-20T16:16:30Z\"",
					"\"findings\":[{\"code\":\"ACCOUNT\",\"severity\":\"INFO\"", "\"scanEvery\":\"PT6H\"");
		}).then(() -> this.view.apply(aPendingTwilio())).assertNext((event) -> {
			assertThat(event.event()).isEqualTo("change");
			assertThat(event.id()).isEqualTo(this.view.revision(TENANT_A));
			assertThat(event.data()).contains("\"provider\":\"twilio\"", "\"removed\":false");
		})
			.then(() -> this.view.remove(aPendingTwilio().integrationId()))
			.assertNext((event) -> assertThat(event.data()).contains("\"removed\":true", "\"integration\":null"))
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void stream_sendsACheckThatChangedNoStateAsAChange() {
		// Its own tenant: the view is shared by the tests of this class.
		IntegrationStatus checked = Fixtures.anIntegration("tenant-checked", "demo", "default",
				IntegrationState.ACTIVE);
		this.view.apply(checked);
		java.time.Instant later = Fixtures.CREATED.plusSeconds(21600);
		IntegrationStatus checkedAgain = new IntegrationStatus(checked.integrationId(), checked.tenantId(),
				checked.provider(), checked.name(), checked.state(), checked.version(), checked.publicFields(), later,
				checked.createdAt(), checked.updatedAt(), later, checked.reason(), later, later.plusSeconds(21600),
				java.util.List.of(), null);

		StepVerifier.create(events("tenant-checked", null).filter((event) -> event.event() != null))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("snapshot"))
			.then(() -> this.view.apply(checkedAgain))
			.assertNext((event) -> {
				assertThat(event.event()).isEqualTo("change");
				assertThat(event.data()).contains("\"lastCheckedAt\":\"2026-11-20T16:15:30Z\"", "\"findings\":[]",
						"\"scanEvery\":null");
			})
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void stream_resumesFromTheLastEventIdWithOnlyWhatWasMissed() {
		String seen = this.view.revision(TENANT_B);
		this.view.apply(Fixtures.anIntegration(TENANT_B, "slack", "default", IntegrationState.ACTIVE));

		StepVerifier.create(events(TENANT_B, seen).filter((event) -> event.event() != null)).assertNext((event) -> {
			assertThat(event.event()).isEqualTo("change");
			assertThat(event.data()).contains("\"provider\":\"slack\"");
		}).thenCancel().verify(WAIT);
	}

	@Test
	void stream_sendsHeartbeatsWhileNothingChanges() {
		StepVerifier.create(events("tenant-quiet", null))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("snapshot"))
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("heartbeat"))
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("heartbeat"))
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void stream_refusesATenantMoreStreamsThanAllowedWithATooManyRequestsProblem() throws InterruptedException {
		// A plain subscription holds the first stream, not a StepVerifier: that runs its
		// next step on whichever thread delivers a signal, so a heartbeat arriving while
		// the second request is in flight would run thenCancel() and close the first
		// stream before the second one is counted.
		BlockingQueue<ServerSentEvent<String>> first = new LinkedBlockingQueue<>();
		Disposable firstStream = events("tenant-busy", null).subscribe(first::add);
		try {
			assertThat(first.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).extracting(ServerSentEvent::event)
				.isEqualTo("snapshot");

			stream("tenant-busy", null).expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(429);
		}
		finally {
			firstStream.dispose();
		}
	}

	@Test
	void stream_answeredNotAcceptableHoldsNoPlace() {
		stream("tenant-picky", null, MediaType.APPLICATION_JSON).expectStatus().isEqualTo(406);

		assertThat(this.stream.subscribers("tenant-picky")).isZero();
		StepVerifier.create(events("tenant-picky", null))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("snapshot"))
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void stream_needsABearerToken() {
		this.client.get().uri("/api/integrations/status/stream").exchange().expectStatus().isUnauthorized();
	}

	private Flux<ServerSentEvent<String>> events(String tenantId, String lastEventId) {
		return stream(tenantId, lastEventId).expectStatus().isOk().returnResult(EVENTS).getResponseBody();
	}

	private WebTestClient.ResponseSpec stream(String tenantId, String lastEventId) {
		return stream(tenantId, lastEventId, MediaType.TEXT_EVENT_STREAM);
	}

	private WebTestClient.ResponseSpec stream(String tenantId, String lastEventId, MediaType accept) {
		return this.client.mutate()
			.responseTimeout(WAIT)
			.build()
			.get()
			.uri("/api/integrations/status/stream")
			.accept(accept)
			.headers((headers) -> {
				headers.setBearerAuth(tokenFor(tenantId));
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.exchange();
	}

}

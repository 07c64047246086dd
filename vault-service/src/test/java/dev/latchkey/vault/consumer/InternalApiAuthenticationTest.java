package dev.latchkey.vault.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.SignedRequest;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signature check in front of every internal endpoint: what is accepted, and that
 * every refusal gets the same answer and is recorded with its reason.
 */
class InternalApiAuthenticationTest {

	private static final Instant NOW = Fixtures.NOW;

	private static final String BODY = "{\"tenantId\":\"t1\",\"integrationId\":\"int_1\",\"purpose\":\"scan\"}";

	private final KeysetHandle scannerKey = Fixtures.aSignatureKeyset();

	private final RegisteredConsumer scanner = new RegisteredConsumer("scanner", Set.of(Purpose.SCAN), null, null,
			new RequestVerifier(Keysets.publicOf(this.scannerKey)));

	private final List<RefusedRequest> refused = new CopyOnWriteArrayList<>();

	private RefusedRequests recorder = (request) -> Mono.fromRunnable(() -> this.refused.add(request));

	private final AtomicReference<ServerWebExchange> passedOn = new AtomicReference<>();

	private final AtomicReference<String> bodyPassedOn = new AtomicReference<>();

	private final WebFilterChain handler = (exchange) -> {
		this.passedOn.set(exchange);
		return DataBufferUtils.join(exchange.getRequest().getBody())
			.map((buffer) -> buffer.toString(StandardCharsets.UTF_8))
			.doOnNext(this.bodyPassedOn::set)
			.then();
	};

	@Test
	void aRequestSignedByARegisteredConsumer_goesOnWithThatConsumerAndItsBody() {
		MockServerWebExchange exchange = post("/internal/leases", BODY,
				signed("scanner", this.scannerKey, "POST", "/internal/leases", NOW, BODY));

		filter(exchange);

		assertThat(this.passedOn.get()).isNotNull();
		assertThat((Object) this.passedOn.get().getAttribute(RegisteredConsumer.ATTRIBUTE)).isSameAs(this.scanner);
		assertThat(this.bodyPassedOn.get()).isEqualTo(BODY);
		assertThat(this.refused).isEmpty();
	}

	@Test
	void aSignedGet_coversItsQuery() {
		String path = "/internal/integrations/int_1/access-log?tenant=t1&limit=10";
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path)
			.headers(signed("scanner", this.scannerKey, "GET", path, NOW, "").http()));

		filter(exchange);

		assertThat(this.passedOn.get()).isNotNull();
	}

	@Test
	void aTamperedBody_isRefused() {
		Headers headers = signed("scanner", this.scannerKey, "POST", "/internal/leases", NOW, BODY);

		assertRefused(post("/internal/leases", BODY.replace("t1", "t2"), headers), "BAD_SIGNATURE");
	}

	@Test
	void aTamperedQuery_isRefused() {
		String path = "/internal/integrations/int_1/access-log?tenant=t1";
		Headers headers = signed("scanner", this.scannerKey, "GET", path, NOW, "");

		assertRefused(MockServerWebExchange.from(
				MockServerHttpRequest.get("/internal/integrations/int_1/access-log?tenant=t2").headers(headers.http())),
				"BAD_SIGNATURE");
	}

	@Test
	void aSignatureMadeWithAnotherKey_isRefused_andRecordedUnderTheNameItClaimed() {
		KeysetHandle intruder = Fixtures.aSignatureKeyset();

		assertRefused(
				post("/internal/leases", BODY, signed("scanner", intruder, "POST", "/internal/leases", NOW, BODY)),
				"BAD_SIGNATURE");
		assertThat(this.refused.get(0).claimedConsumer()).isEqualTo("scanner");
		assertThat(new String(this.refused.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
	}

	@Test
	void aStaleTimestamp_isRefused_eitherWay() {
		Instant late = NOW.minus(Duration.ofSeconds(61));
		Instant early = NOW.plus(Duration.ofSeconds(61));

		assertRefused(post("/internal/leases", BODY,
				signed("scanner", this.scannerKey, "POST", "/internal/leases", late, BODY)), "STALE_TIMESTAMP");
		assertRefused(
				post("/internal/leases", BODY,
						signed("scanner", this.scannerKey, "POST", "/internal/leases", early, BODY)),
				"STALE_TIMESTAMP");
	}

	@Test
	void aTimestampWithinTheSkew_isAccepted() {
		filter(post("/internal/leases", BODY, signed("scanner", this.scannerKey, "POST", "/internal/leases",
				NOW.minus(Duration.ofSeconds(59)), BODY)));

		assertThat(this.passedOn.get()).isNotNull();
	}

	@Test
	void anUnknownConsumer_isRefused() {
		assertRefused(
				post("/internal/leases", BODY,
						signed("intruder", this.scannerKey, "POST", "/internal/leases", NOW, BODY)),
				"UNKNOWN_CONSUMER");
	}

	@Test
	void aRequestWithoutProof_isRefused() {
		assertRefused(post("/internal/leases", BODY, new Headers(null, null, null)), "MISSING_PROOF");
		assertRefused(post("/internal/leases", BODY, new Headers("scanner", "yesterday", "c2ln")), "MISSING_PROOF");
	}

	@Test
	void aBodyLargerThanAnyInternalRequest_isRefusedUnread() {
		String huge = "{\"pad\":\"" + "x".repeat(InternalApiAuthentication.MAX_BODY_BYTES) + "\"}";

		assertRefused(post("/internal/leases", huge,
				signed("scanner", this.scannerKey, "POST", "/internal/leases", NOW, huge)), "MALFORMED");
	}

	@Test
	void aClaimedNameThatIsNoName_isRecordedAsUnreadable() {
		assertRefused(
				post("/internal/leases", BODY,
						signed("scanner\nFAKE LOG LINE", this.scannerKey, "POST", "/internal/leases", NOW, BODY)),
				"UNKNOWN_CONSUMER");

		assertThat(this.refused.get(0).claimedConsumer()).isEqualTo("(unreadable)");
	}

	@Test
	void aRefusal_isAnsweredEvenWhenItCannotBeRecorded() {
		this.recorder = (request) -> Mono.error(new IllegalStateException("audit store down"));

		MockServerWebExchange exchange = post("/internal/leases", BODY, new Headers(null, null, null));
		filter(exchange);

		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(404);
		assertThat(this.passedOn.get()).isNull();
	}

	@Test
	void pathsOutsideTheInternalApi_areNotItsBusiness() {
		filter(MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health")));

		assertThat(this.passedOn.get()).isNotNull();
		assertThat(this.refused).isEmpty();
	}

	private void assertRefused(MockServerWebExchange exchange, String reason) {
		this.passedOn.set(null);
		int before = this.refused.size();

		filter(exchange);

		assertThat(this.passedOn.get()).as("reached no handler").isNull();
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(404);
		assertThat(exchange.getResponse().getBodyAsString().block())
			.isEqualTo(new String(InternalApiRefusal.response().getBody(), StandardCharsets.UTF_8));
		assertThat(this.refused).hasSize(before + 1);
		assertThat(this.refused.get(before).reason()).isEqualTo(reason);
		assertThat(this.refused.get(before).at()).isEqualTo(NOW);
	}

	private void filter(MockServerWebExchange exchange) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("recorder", this.recorder);
		ObjectProvider<RefusedRequests> recorders = beans.getBeanProvider(RefusedRequests.class);
		new InternalApiAuthentication(new RegisteredConsumers(List.of(this.scanner), Duration.ofSeconds(60)), recorders,
				Clock.fixed(NOW, ZoneOffset.UTC))
			.filter(exchange, this.handler)
			.block();
	}

	private static MockServerWebExchange post(String path, String body, Headers headers) {
		return MockServerWebExchange.from(MockServerHttpRequest.post(path)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers.http())
			.body(body));
	}

	private static Headers signed(String consumer, KeysetHandle key, String method, String pathAndQuery, Instant at,
			String body) {
		String signature = new RequestSigner(key).sign(new SignedRequest(consumer, method, pathAndQuery,
				at.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)));
		return new Headers(consumer, Long.toString(at.getEpochSecond()), signature);
	}

	private record Headers(String consumer, String timestamp, String signature) {

		HttpHeaders http() {
			HttpHeaders headers = new HttpHeaders();
			if (this.consumer != null) {
				headers.set(SignedRequest.CONSUMER_HEADER, this.consumer);
			}
			if (this.timestamp != null) {
				headers.set(SignedRequest.TIMESTAMP_HEADER, this.timestamp);
			}
			if (this.signature != null) {
				headers.set(SignedRequest.SIGNATURE_HEADER, this.signature);
			}
			return headers;
		}

	}

}

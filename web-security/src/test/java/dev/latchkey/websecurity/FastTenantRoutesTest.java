package dev.latchkey.websecurity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link FastTenantRoute} answers only the plain case — a verified token, no query, no
 * CORS — and with the chain's security headers; every other request, refusals included,
 * is the ordinary chain's. The test app maps the same path as a controller too, answering
 * {@code chain:<tenant>}, so each answer says which path it took.
 */
@SpringBootTest(classes = FastTenantRoutesTest.FastApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + TenantSecurityTest.SECRET,
				"latchkey.security.jwt.issuer=" + DevTokens.ISSUER,
				"latchkey.security.jwt.audience=" + DevTokens.AUDIENCE,
				"latchkey.security.cors.allowed-origins=https://app.example" })
@AutoConfigureWebTestClient
class FastTenantRoutesTest {

	static final AtomicBoolean READY = new AtomicBoolean(true);

	@Autowired
	WebTestClient client;

	@AfterEach
	void ready() {
		READY.set(true);
	}

	@Test
	void aVerifiedTokenIsAnsweredByTheRouteForItsTenant() {
		assertThat(body(get("/api/poll", token("acme")))).isEqualTo("fast:acme");
	}

	@Test
	void theRouteAnswersWithTheSecurityHeadersOfTheChain() {
		HttpHeaders fast = get("/api/poll", token("acme")).getResponseHeaders();
		HttpHeaders chain = get("/api/poll?via=chain", token("acme")).getResponseHeaders();
		for (String name : List.of("X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection", "Referrer-Policy",
				"Strict-Transport-Security", "Content-Security-Policy", "Cache-Control", "Pragma", "Expires")) {
			assertThat(fast.get(name)).as(name).isEqualTo(chain.get(name));
		}
	}

	@Test
	void refusalsAreTheChainsProblems() {
		String expired = TestTokens.signed((claims) -> claims.expirationTime(TestTokens.in(Duration.ofMinutes(-5))));
		String forged = new DevTokens("another-secret-another-secret-another-1").mint("acme", Duration.ofMinutes(5));
		String noTenant = TestTokens.signed((claims) -> claims.claim("tenant_id", "../etc"));
		for (String token : new String[] { expired, forged, noTenant, "not-a-jwt" }) {
			this.client.get()
				.uri("/api/poll")
				.headers((h) -> h.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		this.client.get().uri("/api/poll").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void anythingButThePlainCaseTakesTheChain() {
		String token = token("acme");
		assertThat(body(get("/api/poll?x=1", token))).isEqualTo("chain:acme");
		assertThat(body(get("/api/poll/", token))).isNotEqualTo("fast:acme");
		EntityExchangeResult<byte[]> cors = this.client.get()
			.uri("/api/poll")
			.header(HttpHeaders.ORIGIN, "https://app.example")
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectBody()
			.returnResult();
		assertThat(body(cors)).isEqualTo("chain:acme");
		assertThat(cors.getResponseHeaders().getAccessControlAllowOrigin()).isEqualTo("https://app.example");
		this.client.post()
			.uri("/api/poll")
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectBody(String.class)
			.value((answer) -> assertThat(answer).doesNotContain("fast:"));
	}

	@Test
	void aRouteThatIsNotReadyLeavesTheRequestToTheChain() {
		READY.set(false);
		assertThat(body(get("/api/poll", token("acme")))).isEqualTo("chain:acme");
	}

	private EntityExchangeResult<byte[]> get(String uri, String token) {
		return this.client.get().uri(uri).headers((h) -> h.setBearerAuth(token)).exchange().expectBody().returnResult();
	}

	private static String body(EntityExchangeResult<byte[]> result) {
		byte[] body = result.getResponseBody();
		return (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
	}

	private static String token(String tenant) {
		return new DevTokens(TenantSecurityTest.SECRET).mint(tenant, Duration.ofMinutes(5));
	}

	@SpringBootApplication
	@RestController
	static class FastApp {

		@GetMapping("/api/poll")
		String chain(TenantId tenant) {
			return "chain:" + tenant.value();
		}

		@Bean
		FastTenantRoute poll() {
			return new FastTenantRoute() {

				@Override
				public String path() {
					return "/api/poll";
				}

				@Override
				public boolean ready() {
					return READY.get();
				}

				@Override
				public Mono<Void> answer(TenantId tenant, ServerWebExchange exchange) {
					DataBuffer body = exchange.getResponse()
						.bufferFactory()
						.wrap(("fast:" + tenant.value()).getBytes(StandardCharsets.UTF_8));
					return exchange.getResponse().writeWith(Mono.just(body));
				}

			};
		}

	}

}

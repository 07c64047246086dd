package dev.latchkey.websecurity;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's claims, not only its signature, decide: a string tenant of the documented
 * form, an expiry within the maximum lifetime, the configured issuer and audience. Every
 * refusal is a 401 problem whose detail says why without quoting the token.
 */
@SpringBootTest(classes = TenantSecurityTest.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + TenantSecurityTest.SECRET,
				"latchkey.security.jwt.issuer=" + DevTokens.ISSUER,
				"latchkey.security.jwt.audience=" + DevTokens.AUDIENCE, "latchkey.security.jwt.max-lifetime=1h" })
@AutoConfigureWebTestClient
class BearerTokenRulesTest {

	@Autowired
	WebTestClient client;

	@Test
	void aTokenAsDevTokensMintsItIsAccepted() {
		this.client.get()
			.uri("/whoami")
			.headers((h) -> h.setBearerAuth(TestTokens.signed(UnaryOperator.identity())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant")
			.isEqualTo("acme");
	}

	@Test
	void aTenantOfDotsDashesAndUnderscoresIsAccepted() {
		this.client.get()
			.uri("/whoami")
			.headers((h) -> h.setBearerAuth(TestTokens.signed((c) -> c.claim("tenant_id", "Acme_eu-1.prod"))))
			.exchange()
			.expectStatus()
			.isOk();
	}

	static Stream<Arguments> refusedTokens() {
		return Stream.of(
				refused("a number tenant", (c) -> c.claim("tenant_id", 4711), "'tenant_id' claim that is not a string"),
				refused("an array tenant", (c) -> c.claim("tenant_id", List.of("acme", "globex")),
						"'tenant_id' claim that is not a string"),
				refused("an object tenant", (c) -> c.claim("tenant_id", java.util.Map.of("id", "acme")),
						"'tenant_id' claim that is not a string"),
				refused("a tenant with NUL", (c) -> c.claim("tenant_id", "acme\u0000globex"), "not a string of"),
				refused("a tenant with CR/LF", (c) -> c.claim("tenant_id", "acme\r\nX-Injected: 1"), "not a string of"),
				refused("a tenant with a slash", (c) -> c.claim("tenant_id", "acme/../globex"), "not a string of"),
				refused("a tenant with ..", (c) -> c.claim("tenant_id", "acme..globex"), "not a string of"),
				refused("a tenant starting with a dot", (c) -> c.claim("tenant_id", ".acme"), "not a string of"),
				refused("a tenant too long", (c) -> c.claim("tenant_id", "a".repeat(65)), "not a string of"),
				refused("an empty tenant", (c) -> c.claim("tenant_id", ""), "not a string of"),
				refused("no tenant", (c) -> c.claim("tenant_id", null), "has no 'tenant_id' claim"),
				refused("no exp", (c) -> c.expirationTime(null), "no expiry (exp)"),
				refused("an expired token",
						(c) -> c.issueTime(TestTokens.in(Duration.ofMinutes(-10)))
							.expirationTime(TestTokens.in(Duration.ofMinutes(-5))),
						"expired (exp)"),
				refused("exp before iat", (c) -> c.expirationTime(TestTokens.in(Duration.ofMinutes(-5))),
						"expires before it was issued"),
				refused("a token not valid yet", (c) -> c.notBeforeTime(TestTokens.in(Duration.ofMinutes(5))),
						"not valid yet (nbf)"),
				refused("a lifetime over the maximum",
						(c) -> c.issueTime(TestTokens.in(Duration.ofMinutes(-1)))
							.expirationTime(TestTokens.in(Duration.ofMinutes(61))),
						"lives longer than the PT1H allowed"),
				refused("no iat and exp past the maximum from now",
						(c) -> c.issueTime(null).expirationTime(TestTokens.in(Duration.ofDays(365))),
						"lives longer than the PT1H allowed"),
				refused("iat in the future to shorten the lifetime",
						(c) -> c.issueTime(TestTokens.in(Duration.ofDays(364)))
							.expirationTime(TestTokens.in(Duration.ofDays(365))),
						"issued in the future (iat)"),
				refused("another issuer", (c) -> c.issuer("https://evil.example"), "accepted issuer (iss)"),
				refused("no issuer", (c) -> c.issuer(null), "accepted issuer (iss)"),
				refused("another audience", (c) -> c.audience("another-service"), "not meant for this service (aud)"),
				refused("no audience", (c) -> c.audience((String) null), "not meant for this service (aud)"));
	}

	private static Arguments refused(String what, UnaryOperator<JWTClaimsSet.Builder> change, String reason) {
		return Arguments.of(what, change, reason);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedTokens")
	void aTokenBreakingARuleIsAnUnauthorizedProblemSayingWhich(String what, UnaryOperator<JWTClaimsSet.Builder> change,
			String reason) {
		String token = TestTokens.signed(change);
		String body = this.client.get()
			.uri("/whoami")
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).contains("\"status\":401").contains(reason);
		assertThat(body).doesNotContain(token.substring(0, 20))
			.doesNotContain("globex")
			.doesNotContain("evil.example")
			.doesNotContain("another-service")
			.doesNotContain("4711");
	}

	@Test
	void aMalformedTokenIsRefusedWithoutQuotingIt() {
		String body = this.client.get()
			.uri("/whoami")
			.header(HttpHeaders.AUTHORIZATION, "Bearer eyJzZWNyZXQtaW4taGVhZGVy.bm90LWpzb24.c2ln")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).contains("not a well-formed JWT").doesNotContain("secret-in-header").doesNotContain("eyJ");
	}

	@Test
	void noTokenIsRefusedSayingOneIsRequired() {
		this.client.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(TokenRefusals.MISSING);
	}

}

package dev.latchkey.websecurity;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal is problem+json, whoever refuses: the security firewall, the HTTP server
 * itself (414, 431, 400 on a request it cannot decode), a refused cross-origin request,
 * no handler, and a JSON body that is not strictly what it should be.
 */
@SpringBootTest(classes = TenantSecurityTest.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + TenantSecurityTest.SECRET,
				"latchkey.security.jwt.issuer=" + DevTokens.ISSUER,
				"latchkey.security.jwt.audience=" + DevTokens.AUDIENCE,
				"latchkey.security.cors.allowed-origins=http://localhost:8083" })
class ProblemsEverywhereTest {

	@LocalServerPort
	int port;

	private final String token = new DevTokens(TenantSecurityTest.SECRET).mint("acme", Duration.ofMinutes(5));

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET /whoami%2Fother", "GET /api/%2e%2e/whoami", "GET /whoami%00", "GET /whoami;a=b",
			"GET //whoami", "GET /api/./whoami", "GET /whoami%5Cx", "GET /whoami%25", "TRACE /whoami",
			"CONNECT /whoami" })
	void aRequestTheFirewallRefusesIsABadRequestProblem(String requestLine) {
		RawHttp.Answer answer = RawHttp.send(this.port,
				requestLine + " HTTP/1.1\r\nHost: localhost\r\n" + "Authorization: Bearer " + this.token + "\r\n",
				null);

		assertProblem(answer, 400);
		assertThat(answer.body()).contains("The request was refused");
	}

	@Test
	void aRequestLineTooLongIsA414Problem() {
		RawHttp.Answer answer = RawHttp.send(this.port,
				"GET /whoami?q=" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n", null);

		assertProblem(answer, 414);
	}

	@Test
	void headersTooLargeAreA431Problem() {
		RawHttp.Answer answer = RawHttp.send(this.port,
				"GET /whoami HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(20_000) + "\r\n", null);

		assertProblem(answer, 431);
	}

	@Test
	void aRequestTheServerCannotDecodeIsABadRequestProblem() {
		RawHttp.Answer answer = RawHttp.send(this.port, "GET /whoami HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n",
				null);

		assertProblem(answer, 400);
	}

	@Test
	void aHeaderValueWithAControlCharacterIsABadRequestProblem() {
		RawHttp.Answer answer = RawHttp.send(this.port, "GET /whoami HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Bearer " + this.token + "\r\nX-Odd: a\u0001b\r\n", null);

		assertThat(answer.status()).isBetween(400, 499);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void aRefusedCrossOriginPreflightIsAForbiddenProblem() {
		RawHttp.Answer answer = RawHttp.send(this.port,
				"OPTIONS /api/echo HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n"
						+ "Access-Control-Request-Method: POST\r\n",
				null);

		assertProblem(answer, 403);
		assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "garbage/", "*/*;q=x", "text/" })
	void aMalformedAcceptIsABadRequestProblem(String accept) {
		RawHttp.Answer answer = RawHttp.send(this.port, "GET /whoami HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
				+ "\r\nAuthorization: Bearer " + this.token + "\r\n", null);

		assertProblem(answer, 400);
		assertThat(answer.body()).contains("Accept");
	}

	@Test
	void aPathWithoutHandlerIsANotFoundProblem() {
		RawHttp.Answer answer = RawHttp.send(this.port,
				"GET /nothing-here HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.token + "\r\n", null);

		assertProblem(answer, 404);
	}

	@Test
	void aStrictJsonBodyIsAccepted() {
		RawHttp.Answer answer = post("{\"name\":\"acme\",\"count\":2,\"flag\":true}");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"name\":\"acme\"");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"name\":1,\"count\":2,\"flag\":true}", "{\"name\":true,\"count\":2,\"flag\":true}",
			"{\"name\":1.5,\"count\":2,\"flag\":true}", "{\"name\":\"acme\",\"count\":\"2\",\"flag\":true}",
			"{\"name\":\"acme\",\"count\":2.5,\"flag\":true}", "{\"name\":\"acme\",\"count\":2,\"flag\":\"true\"}",
			"{\"name\":\"acme\",\"count\":2,\"flag\":1}", "{\"name\":\"a\",\"name\":\"b\",\"count\":2,\"flag\":true}",
			"{\"name\":\"acme\",\"count\":2,\"flag\":true} {\"name\":\"more\"}" })
	void aBodyThatIsNotStrictlyJsonOfTheRightTypesIsABadRequestProblem(String body) {
		RawHttp.Answer answer = post(body);

		assertProblem(answer, 400);
	}

	private RawHttp.Answer post(String body) {
		return RawHttp.send(this.port, "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
				+ this.token + "\r\nContent-Type: application/json\r\n", body);
	}

	private static void assertProblem(RawHttp.Answer answer, int status) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
		assertThat(answer.body()).as(answer.toString()).contains("\"status\":" + status).contains("\"detail\":");
	}

}

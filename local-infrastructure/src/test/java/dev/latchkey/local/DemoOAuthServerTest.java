package dev.latchkey.local;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoOAuthServerTest {

	private static final String REDIRECT = "http://localhost:1/callback";

	private static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-0123456789";

	private static DemoOAuthServer server;

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@BeforeAll
	static void start() {
		server = DemoOAuthServer.start(0, Duration.ofMinutes(5));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void codeExchange_succeedsWithTheRightVerifierOnly() throws Exception {
		assertThat(exchange(authorize(), "wrong-verifier-0123456789-0123456789-0123456789").statusCode())
			.isEqualTo(400);
		HttpResponse<String> tokens = exchange(authorize(), VERIFIER);

		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(tokens.body()).contains("\"access_token\"", "\"refresh_token\"", "\"expires_in\"");
	}

	@Test
	void refresh_rotatesAndARotatedOrRevokedTokenIsAnInvalidGrant() throws Exception {
		String first = field(exchange(authorize(), VERIFIER).body(), "refresh_token");

		HttpResponse<String> refreshed = refresh(first);
		String second = field(refreshed.body(), "refresh_token");

		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(second).isNotEqualTo(first);
		assertThat(refresh(first).body()).contains("invalid_grant");
		server.revoke(second);
		assertThat(refresh(second).statusCode()).isEqualTo(400);
	}

	@Test
	void revocationEndpoint_killsTheRefreshToken() throws Exception {
		String token = field(exchange(authorize(), VERIFIER).body(), "refresh_token");

		post("/demo/revoke", "token=" + enc(token) + "&token_type_hint=refresh_token");

		assertThat(refresh(token).body()).contains("invalid_grant");
	}

	@Test
	void revokeAll_killsEveryRefreshTokenIssuedSoFar() throws Exception {
		String one = field(exchange(authorize(), VERIFIER).body(), "refresh_token");
		String two = field(exchange(authorize(), VERIFIER).body(), "refresh_token");

		assertThat(post("/demo/revoke-all", "").statusCode()).isEqualTo(200);

		assertThat(refresh(one).body()).contains("invalid_grant");
		assertThat(refresh(two).body()).contains("invalid_grant");
	}

	private String authorize() throws Exception {
		String challenge = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
		URI uri = URI.create(server.issuerUrl() + "/authorize?response_type=code&client_id=demo-client&scope=openid"
				+ "&state=s1&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + challenge
				+ "&code_challenge_method=S256");
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(uri).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT).contains("state=s1");
		Matcher code = Pattern.compile("code=([^&]+)").matcher(location);
		assertThat(code.find()).isTrue();
		return code.group(1);
	}

	private HttpResponse<String> exchange(String code, String verifier) throws Exception {
		return post("/demo/token", "grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(REDIRECT)
				+ "&client_id=demo-client&client_secret=demo-secret&code_verifier=" + verifier);
	}

	private HttpResponse<String> refresh(String refreshToken) throws Exception {
		return post("/demo/token", "grant_type=refresh_token&refresh_token=" + enc(refreshToken)
				+ "&client_id=demo-client&client_secret=demo-secret");
	}

	private HttpResponse<String> post(String path, String form) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as(name).isTrue();
		return matcher.group(1);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

package dev.latchkey.collector.oauth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.latchkey.catalogue.OAuth2;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.oauth.connect.Pkce;
import dev.latchkey.local.DemoOAuthServer;
import dev.latchkey.local.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token endpoint adapter against the real demo OAuth server: the code exchange with
 * PKCE, refresh with rotation, and {@code invalid_grant} for a rotated-away or revoked
 * refresh token.
 */
class TokenEndpointIT {

	private static final String REDIRECT = "http://localhost:1/oauth/demo-oauth/callback";

	private final DemoOAuthServer server = SharedInfrastructure.get().demoOAuthServer();

	private final OAuth2 flow = ProviderCatalogue.builtIn().find("demo-oauth").orElseThrow().oauth().orElseThrow();

	private final ClientRegistration client = new OAuthClients(
			new OAuthProperties("http://localhost:1", List.of(), Duration.ofMinutes(10), Duration.ofSeconds(10),
					Map.of("demo-oauth", new OAuthProperties.Client("it-client", "it-secret", this.server.baseUrl()))))
		.forProvider(ProviderCatalogue.builtIn().find("demo-oauth").orElseThrow());

	private final WebClientTokenEndpoint endpoint = new WebClientTokenEndpoint(new OAuthProperties("http://localhost:1",
			List.of(), Duration.ofMinutes(10), Duration.ofSeconds(10), Map.of()));

	@Test
	void theServerVerifiesPkce() throws Exception {
		String verifier = Pkce.random256();
		String code = authorize(Pkce.challengeOf(verifier));

		StepVerifier.create(this.endpoint.exchangeCode(this.flow, this.client, code, Pkce.random256(), REDIRECT))
			.expectErrorSatisfies((ex) -> assertThat(((TokenRequestFailedException) ex).retryable()).isFalse())
			.verify();
	}

	@Test
	void refreshRotatesAndTheOldRefreshTokenIsThenAnInvalidGrant() throws Exception {
		String verifier = Pkce.random256();
		Tokens first = this.endpoint
			.exchangeCode(this.flow, this.client, authorize(Pkce.challengeOf(verifier)), verifier, REDIRECT)
			.block();
		assertThat(first.refreshToken()).isNotBlank();
		assertThat(first.expiresInSeconds()).isPositive();

		Tokens second = this.endpoint.refresh(this.flow, this.client, first.refreshToken()).block();

		assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
		assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
		StepVerifier.create(this.endpoint.refresh(this.flow, this.client, first.refreshToken()))
			.expectErrorSatisfies((ex) -> assertThat(((TokenRequestFailedException) ex).reason())
				.isEqualTo(TokenRequestFailedException.INVALID_GRANT))
			.verify();
		this.server.revoke(second.refreshToken());
		StepVerifier.create(this.endpoint.refresh(this.flow, this.client, second.refreshToken()))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessage(TokenRequestFailedException.INVALID_GRANT)
				.hasMessageNotContaining(second.refreshToken()))
			.verify();
	}

	@Test
	void revokingTheRefreshTokenEndsTheGrant_andUnreachableOrMissingEndpointsAreOutcomes() throws Exception {
		String verifier = Pkce.random256();
		Tokens tokens = this.endpoint
			.exchangeCode(this.flow, this.client, authorize(Pkce.challengeOf(verifier)), verifier, REDIRECT)
			.block();

		assertThat(this.endpoint.revoke(this.flow, this.client, tokens.refreshToken(), "refresh_token").block())
			.isEqualTo(TokenEndpoint.REVOKED);

		StepVerifier.create(this.endpoint.refresh(this.flow, this.client, tokens.refreshToken()))
			.expectErrorSatisfies((ex) -> assertThat(((TokenRequestFailedException) ex).reason())
				.isEqualTo(TokenRequestFailedException.INVALID_GRANT))
			.verify();
		ClientRegistration unreachable = new ClientRegistration("c", "s", "http://localhost:1/authorize",
				"http://localhost:1/token", "http://localhost:1/revoke");
		assertThat(this.endpoint.revoke(this.flow, unreachable, "rt", "refresh_token").block())
			.isEqualTo(TokenEndpoint.FAILED);
		ClientRegistration withoutRevocation = new ClientRegistration("c", "s", "http://localhost:1/authorize",
				"http://localhost:1/token", null);
		assertThat(this.endpoint.revoke(this.flow, withoutRevocation, "rt", "refresh_token").block())
			.isEqualTo(TokenEndpoint.NOT_REVOKED);
	}

	@Test
	void anUnreachablePlatformIsRetryable() {
		ClientRegistration nowhere = new ClientRegistration("c", "s", "http://localhost:1/authorize",
				"http://localhost:1/token", null);

		StepVerifier.create(this.endpoint.refresh(this.flow, nowhere, "rt"))
			.expectErrorSatisfies((ex) -> assertThat(((TokenRequestFailedException) ex).retryable()).isTrue())
			.verify();
	}

	private String authorize(String challenge) throws Exception {
		URI uri = URI.create(this.client.authorizeUrl() + "?response_type=code&client_id=it-client&scope=openid"
				+ "&state=s&redirect_uri="
				+ java.net.URLEncoder.encode(REDIRECT, java.nio.charset.StandardCharsets.UTF_8) + "&code_challenge="
				+ challenge + "&code_challenge_method=S256");
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.replaceAll(".*[?&]code=([^&]+).*", "$1");
	}

}

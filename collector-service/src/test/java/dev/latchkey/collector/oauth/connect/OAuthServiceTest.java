package dev.latchkey.collector.oauth.connect;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.credential.CredentialPublisher;
import dev.latchkey.collector.credential.SealedCredential;
import dev.latchkey.collector.limit.TestLimits;
import dev.latchkey.collector.oauth.FakeTokenEndpoint;
import dev.latchkey.collector.oauth.MutableClock;
import dev.latchkey.collector.oauth.OAuthFixtures;
import dev.latchkey.collector.oauth.OAuthProperties;
import dev.latchkey.collector.oauth.OAuthRefusedException;
import dev.latchkey.collector.oauth.OAuthRefusedException.Kind;
import dev.latchkey.collector.oauth.TokenRequestFailedException;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.SecretFields;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthServiceTest {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private static final String RETURN = "http://localhost:8083/integrations";

	/** The key in the cookie of the browser that starts the connects. */
	private static final String BROWSER = Pkce.random256();

	private final InMemoryPendingConnects pending = new InMemoryPendingConnects();

	private final FakeTokenEndpoint tokens = new FakeTokenEndpoint();

	private final List<SealedCredential> published = new CopyOnWriteArrayList<>();

	private final CredentialPublisher publisher = (credential) -> Mono
		.fromRunnable(() -> this.published.add(credential));

	private final MutableClock clock = new MutableClock(NOW);

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final OAuthService service = new OAuthService(ProviderCatalogue.builtIn(), properties(), this.pending,
			this.tokens, new HpkeSealer(Fixtures.vaultPublicKeyset()), this.publisher,
			(connect, integrationId, reason) -> Mono
				.fromRunnable(() -> this.failures.add(integrationId + ":" + reason)),
			TestLimits.generous(), this.clock);

	@Test
	void connect_givesAnAuthorizeUrlWithFreshStateAndAnS256Challenge() {
		URI first = connect(BROWSER);
		URI second = connect(BROWSER);

		Map<String, String> query = query(first);
		assertThat(first.toString()).startsWith("http://demo.test/demo/authorize?");
		assertThat(query).containsEntry("response_type", "code")
			.containsEntry("client_id", "demo-client")
			.containsEntry("redirect_uri", "http://collector.test/oauth/demo-oauth/callback")
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("scope", "openid profile");
		assertThat(query.get("state")).hasSize(43).isNotEqualTo(query(second).get("state"));
		PendingConnect kept = this.pending.saved.get(Pkce.hashOfState(query.get("state")));
		assertThat(kept.tenantId()).isEqualTo(Fixtures.TENANT);
		assertThat(kept.returnUrl()).isEqualTo(RETURN);
		assertThat(kept.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
		assertThat(query.get("code_challenge")).isEqualTo(Pkce.challengeOf(kept.codeVerifier()));
		assertThat(this.pending.saved).doesNotContainKey(query.get("state"));
	}

	@Test
	void connect_refusesReturnUrlsOutsideTheAllowList() {
		for (String evil : List.of("https://evil.example/", "http://localhost:8083.evil.example/x",
				"http://localhost:8083@evil.example/", "http://localhost:9999/integrations", "//evil.example",
				"http://localhost:8083/other", "javascript:alert(1)")) {
			StepVerifier.create(this.service.connect(Fixtures.TENANT, "demo-oauth", null, evil, BROWSER))
				.expectErrorSatisfies((ex) -> assertThat(((OAuthRefusedException) ex).kind()).as(evil)
					.isEqualTo(Kind.INVALID_REQUEST))
				.verify();
		}
		assertThat(this.pending.saved).isEmpty();
	}

	@Test
	void connect_answersAClearProblemForAProviderWithoutAClient() {
		StepVerifier.create(this.service.connect(Fixtures.TENANT, "google", null, RETURN, BROWSER))
			.expectErrorSatisfies((ex) -> {
				assertThat(((OAuthRefusedException) ex).kind()).isEqualTo(Kind.CLIENT_NOT_CONFIGURED);
				assertThat(ex.getMessage()).contains("google");
			})
			.verify();
		StepVerifier.create(this.service.connect(Fixtures.TENANT, "demo", null, RETURN, BROWSER))
			.expectErrorSatisfies(
					(ex) -> assertThat(((OAuthRefusedException) ex).kind()).isEqualTo(Kind.INVALID_REQUEST))
			.verify();
	}

	@Test
	void callback_sealsTheTokensPublishesThemAndRedirectsWithTheIntegrationId() {
		String state = stateOf(
				this.service.connect(Fixtures.TENANT, "demo-oauth", "crm", RETURN, BROWSER).block().authorizeUrl());
		this.tokens.grants(OAuthFixtures.someTokens());

		URI back = this.service.callback("demo-oauth", "the-code", state, null, BROWSER).block();

		SealedCredential credential = this.published.get(0);
		assertThat(back.toString()).startsWith(RETURN + "?")
			.contains("integration_id=" + credential.integrationId())
			.doesNotContain(Fixtures.OAUTH_ACCESS_TOKEN, Fixtures.OAUTH_REFRESH_TOKEN, "the-code");
		assertThat(credential.source()).isEqualTo("OAUTH");
		assertThat(credential.name()).isEqualTo("crm");
		assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
		assertThat(credential.scopes()).containsExactly("openid", "profile");
		assertThat(credential.toString()).doesNotContain(Fixtures.OAUTH_ACCESS_TOKEN);
		SecretFields secret = Fixtures.vaultOpener()
			.open(credential.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.TENANT, credential.integrationId(), credential.eventId()));
		assertThat(secret.value("access_token")).isEqualTo(Fixtures.OAUTH_ACCESS_TOKEN);
		assertThat(secret.value("refresh_token")).isEqualTo(Fixtures.OAUTH_REFRESH_TOKEN);
		assertThat(this.tokens.verifiers).hasSize(1).doesNotContainNull();
	}

	@Test
	void callback_rejectsAReplayedState() {
		String state = stateOf(connect(BROWSER));
		this.tokens.grants(OAuthFixtures.someTokens());
		this.service.callback("demo-oauth", "code", state, null, BROWSER).block();

		expectInvalidState(this.service.callback("demo-oauth", "code", state, null, BROWSER));
		assertThat(this.published).hasSize(1);
	}

	@Test
	void callback_rejectsUnknownAndExpiredStates() {
		expectInvalidState(this.service.callback("demo-oauth", "code", "made-up", null, BROWSER), "Unknown");
		expectInvalidState(this.service.callback("demo-oauth", "code", null, null, BROWSER), "Unknown");

		String expired = stateOf(connect(BROWSER));
		this.clock.advance(Duration.ofMinutes(10));
		expectInvalidState(this.service.callback("demo-oauth", "code", expired, null, BROWSER), "expired");

		assertThat(this.published).isEmpty();
		assertThat(this.tokens.verifiers).isEmpty();
		assertThat(this.failures).isEmpty();
	}

	@Test
	void callback_namingAnotherProvider_isRefusedAndLeavesTheStateUsable() {
		String state = stateOf(connect(BROWSER));
		this.tokens.grants(OAuthFixtures.someTokens());

		expectInvalidState(this.service.callback("google", "code", state, null, BROWSER), "another provider");
		assertThat(this.tokens.verifiers).isEmpty();

		URI back = this.service.callback("demo-oauth", "code", state, null, BROWSER).block();
		assertThat(query(back)).containsKey("integration_id");
		assertThat(this.published).hasSize(1);
	}

	@Test
	void callback_fromABrowserThatDidNotStartTheConnect_isRefusedAndLeavesTheStateUsable() {
		String state = stateOf(connect(BROWSER));
		this.tokens.grants(OAuthFixtures.someTokens());

		// The attacker's authorize URL, finished in the victim's browser: another key, or
		// none at all.
		expectInvalidState(this.service.callback("demo-oauth", "code", state, null, Pkce.random256()),
				"another browser");
		expectInvalidState(this.service.callback("demo-oauth", "code", state, null, null), "another browser");
		assertThat(this.published).isEmpty();
		assertThat(this.tokens.verifiers).isEmpty();
		assertThat(this.failures).isEmpty();

		assertThat(query(this.service.callback("demo-oauth", "code", state, null, BROWSER).block()))
			.containsKey("integration_id");
		assertThat(this.published).hasSize(1);
	}

	@Test
	void connect_bindsToTheBrowsersKeyOrGivesItANewOne_andStoresOnlyItsHash() {
		OAuthService.Started again = this.service.connect(Fixtures.TENANT, "demo-oauth", null, RETURN, BROWSER).block();
		OAuthService.Started fresh = this.service.connect(Fixtures.TENANT, "demo-oauth", null, RETURN, null).block();

		assertThat(again.browserKey()).isEqualTo(BROWSER);
		assertThat(fresh.browserKey()).hasSize(43).isNotEqualTo(BROWSER);
		PendingConnect kept = this.pending.saved.get(Pkce.hashOfState(stateOf(fresh.authorizeUrl())));
		assertThat(kept.browserHash()).isEqualTo(Pkce.hashOfState(fresh.browserKey()));
		assertThat(kept.toString()).doesNotContain(fresh.browserKey());
		assertThat(fresh.toString()).doesNotContain(fresh.browserKey());
	}

	@Test
	void callback_userDenied_redirectsWithTheErrorAndPublishesNothing() {
		String state = stateOf(connect(BROWSER));

		URI back = this.service.callback("demo-oauth", null, state, "access_denied", BROWSER).block();

		assertThat(query(back)).containsEntry("error", "access_denied");
		assertThat(this.published).isEmpty();
		assertThat(this.failures).singleElement().asString().startsWith("int_").endsWith(":ACCESS_DENIED");
	}

	@Test
	void callback_failedExchange_redirectsWithAReasonAndPublishesNothing() {
		String state = stateOf(connect(BROWSER));
		this.tokens.fails(TokenRequestFailedException.INVALID_GRANT);

		URI back = this.service.callback("demo-oauth", "code", state, null, BROWSER).block();

		assertThat(query(back)).containsEntry("error", "code_exchange_failed").containsEntry("reason", "INVALID_GRANT");
		assertThat(this.published).isEmpty();
		assertThat(this.failures).singleElement().asString().endsWith(":INVALID_GRANT");
	}

	private void expectInvalidState(Mono<URI> callback) {
		expectInvalidState(callback, "");
	}

	private void expectInvalidState(Mono<URI> callback, String detail) {
		StepVerifier.create(callback).expectErrorSatisfies((ex) -> {
			assertThat(((OAuthRefusedException) ex).kind()).isEqualTo(Kind.INVALID_STATE);
			assertThat(ex.getMessage()).contains(detail);
		}).verify();
	}

	private URI connect(String browser) {
		return this.service.connect(Fixtures.TENANT, "demo-oauth", null, RETURN, browser).block().authorizeUrl();
	}

	private static String stateOf(URI authorize) {
		return query(authorize).get("state");
	}

	static Map<String, String> query(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return query;
	}

	private OAuthProperties properties() {
		return new OAuthProperties("http://collector.test/", List.of(RETURN, "http://localhost:8083/settings/"),
				Duration.ofMinutes(10), Duration.ofSeconds(5),
				Map.of("demo-oauth", new OAuthProperties.Client("demo-client", "demo-secret", "http://demo.test"),
						"google", new OAuthProperties.Client("", "", null)));
	}

}

package dev.latchkey.catalogue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderCatalogueTest {

	private final ProviderCatalogue catalogue = ProviderCatalogue.builtIn();

	@Test
	void builtIn_shipsTheRequiredProviders() {
		assertThat(this.catalogue.all()).extracting(Provider::id)
			.contains("demo", "twilio", "stripe", "openai", "slack", "github");
	}

	@Test
	void builtIn_shipsOAuthProvidersWithTheirFlows() {
		assertThat(this.catalogue.all()).filteredOn((provider) -> provider.authMode() == AuthMode.OAUTH2)
			.extracting(Provider::id)
			.containsExactlyInAnyOrder("demo-oauth", "github-oauth", "slack-oauth", "google", "supabase");
		assertThat(this.catalogue.all()).allSatisfy((provider) -> assertThat(provider.oauth().isPresent())
			.isEqualTo(provider.authMode() == AuthMode.OAUTH2));
	}

	@Test
	void oauth2_defaultsToPkceAndBasicAuthAndStandardResponseFields() {
		OAuth2 demo = this.catalogue.find("demo-oauth").orElseThrow().oauth().orElseThrow();

		assertThat(demo.pkce()).isTrue();
		assertThat(demo.clientAuth()).isEqualTo(OAuth2.ClientAuth.CLIENT_SECRET_BASIC);
		assertThat(demo.tokenResponse().accessToken()).isEqualTo("/access_token");
		assertThat(demo.refreshSupported()).isTrue();
		assertThat(demo.refreshTokenRotates()).isTrue();
		assertThat(demo.revokeUrl()).endsWith("/revoke");
	}

	@Test
	void oauth2_slackTeamIdBecomesAPublicField() {
		Provider slack = this.catalogue.find("slack-oauth").orElseThrow();

		assertThat(slack.oauth().orElseThrow().tokenResponse().publicFields()).containsEntry("team_id", "/team/id");
		assertThat(slack.field("team_id").orElseThrow().secret()).isFalse();
		assertThat(slack.oauth().orElseThrow().clientAuth()).isEqualTo(OAuth2.ClientAuth.CLIENT_SECRET_POST);
	}

	@Test
	void twilio_classifiesSidAndPhoneAsPublicAndTokenAsSecret() {
		Provider twilio = this.catalogue.find("twilio").orElseThrow();

		assertThat(twilio.field("account_sid").orElseThrow().secret()).isFalse();
		assertThat(twilio.field("phone_number").orElseThrow().secret()).isFalse();
		assertThat(twilio.field("auth_token").orElseThrow().secret()).isTrue();
	}

	@Test
	void undeclaredClassification_followsTheFieldName() {
		assertThat(Field.secretByName("api_key")).isTrue();
		assertThat(Field.secretByName("webhook_secret")).isTrue();
		assertThat(Field.secretByName("db_password")).isTrue();
		assertThat(Field.secretByName("account_sid")).isFalse();
		assertThat(this.catalogue.find("demo").orElseThrow().field("api_key").orElseThrow().secret()).isTrue();
	}

	@Test
	void problemsWith_reportsUnknownMissingAndMalformedFieldsWithoutEchoingValues() {
		Provider twilio = this.catalogue.find("twilio").orElseThrow();

		assertThat(twilio.problemsWith(
				Map.of("account_sid", "AC" + "0".repeat(32), "colour", "x", "auth_token", "not-hex-secret-value")))
			.hasSize(2)
			.anySatisfy((problem) -> assertThat(problem).contains("'colour'"))
			.anySatisfy((problem) -> assertThat(problem).contains("'auth_token'"))
			.allSatisfy((problem) -> assertThat(problem).doesNotContain("not-hex-secret-value"));
		assertThat(twilio.problemsWith(Map.of()))
			.anySatisfy((problem) -> assertThat(problem).contains("'account_sid' is required"));
	}

	@Test
	void problemsWith_acceptsAValidSubmission() {
		assertThat(this.catalogue.find("demo").orElseThrow().problemsWith(Map.of("api_key", "demo_live_abc123")))
			.isEmpty();
	}

	@Test
	void render_placesTheCredentialAndHonoursTheBaseUrlOverride() {
		Probe probe = this.catalogue.find("demo").orElseThrow().probe();

		Probe.Request request = probe.render(Map.of("api_key", "demo_live_x"), "http://127.0.0.1:1234/");

		assertThat(request.uri()).hasToString("http://127.0.0.1:1234/v1/me");
		assertThat(request.headers()).containsEntry("Authorization", "Bearer demo_live_x");
		assertThat(request.toString()).doesNotContain("demo_live_x");
	}

	@Test
	void render_basicCredentialsForTwilio() {
		Probe probe = this.catalogue.find("twilio").orElseThrow().probe();

		Probe.Request request = probe.render(Map.of("account_sid", "AC1", "auth_token", "t"), null);

		assertThat(request.uri()).hasToString("https://api.twilio.com/2010-04-01/Accounts/AC1.json");
		assertThat(request.headers().get("Authorization")).startsWith("Basic ");
	}

	@Test
	void judge_mapsStatusesAndBodyToVerdicts() {
		Probe slack = this.catalogue.find("slack").orElseThrow().probe();

		assertThat(slack.judge(200, "{\"ok\": true}")).isEqualTo(Probe.Verdict.VALID);
		assertThat(slack.judge(200, "{\"ok\":false,\"error\":\"invalid_auth\"}")).isEqualTo(Probe.Verdict.INVALID);
		assertThat(slack.judge(401, "")).isEqualTo(Probe.Verdict.INVALID);
		assertThat(slack.judge(503, "")).isEqualTo(Probe.Verdict.ERROR);
	}

	@Test
	void scan_demoIsLocalAndLimitedWithChecks_othersDefaultToSixHours() {
		Scan demo = this.catalogue.find("demo").orElseThrow().scan();

		assertThat(demo.local()).isTrue();
		assertThat(demo.every()).isEqualTo(java.time.Duration.ofHours(6));
		assertThat(demo.rateLimit()).isEqualTo(new Scan.RateLimit(50, 20));
		assertThat(demo.requiredScopes()).containsExactly("read");
		assertThat(demo.checks().account().pointers()).containsEntry("account", "/account/name");
		assertThat(demo.checks().keyKind().kinds()).extracting(Scan.KeyKind.Kind::name)
			.containsExactly("test", "live", "restricted");
		assertThat(this.catalogue.find("demo-oauth").orElseThrow().scan().local()).isTrue();
		assertThat(this.catalogue.all()).filteredOn((provider) -> !provider.id().startsWith("demo"))
			.allSatisfy((provider) -> {
				assertThat(provider.scan().local()).isFalse();
				assertThat(provider.scan().every()).isEqualTo(Scan.DEFAULT_EVERY);
			});
	}

	@Test
	void scan_periodsReadAsIsoOrShortForm() {
		assertThat(Scan.parsePeriod("6h")).isEqualTo(java.time.Duration.ofHours(6));
		assertThat(Scan.parsePeriod("30m")).isEqualTo(java.time.Duration.ofMinutes(30));
		assertThat(Scan.parsePeriod("1d")).isEqualTo(java.time.Duration.ofDays(1));
		assertThat(Scan.parsePeriod("PT15M")).isEqualTo(java.time.Duration.ofMinutes(15));
	}

}

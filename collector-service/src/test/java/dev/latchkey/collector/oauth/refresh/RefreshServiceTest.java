package dev.latchkey.collector.oauth.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.credential.SealedCredential;
import dev.latchkey.collector.oauth.FakeTokenEndpoint;
import dev.latchkey.collector.oauth.MutableClock;
import dev.latchkey.collector.oauth.OAuthClients;
import dev.latchkey.collector.oauth.OAuthProperties;
import dev.latchkey.collector.oauth.TokenRequestFailedException;
import dev.latchkey.collector.oauth.Tokens;
import dev.latchkey.collector.oauth.refresh.RefreshService.Outcome;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.SecretFields;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshServiceTest {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private final FakeTokenEndpoint tokens = new FakeTokenEndpoint();

	private final List<SealedCredential> published = new CopyOnWriteArrayList<>();

	private final List<String> failures = new ArrayList<>();

	private LeasedTokens leased = new LeasedTokens(3, "old-access", "old-refresh", Map.of("team_id", "T1"));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));

	private final RefreshService service = new RefreshService(ProviderCatalogue.builtIn(),
			new OAuthClients(new OAuthProperties("http://collector.test", List.of("http://localhost:8083"),
					Duration.ofMinutes(10), Duration.ofSeconds(5),
					Map.of("demo-oauth", new OAuthProperties.Client("demo-client", "demo-secret", null)))),
			(tenant, integration) -> Mono.justOrEmpty(this.leased), this.tokens,
			new HpkeSealer(Fixtures.vaultPublicKeyset()),
			(credential) -> Mono.fromRunnable(() -> this.published.add(credential)),
			(expiry, state, reason) -> Mono.fromRunnable(() -> this.failures.add(state + ":" + reason)), this.clock);

	@Test
	void refresh_publishesRotatedTokensBasedOnTheLeasedVersion() {
		this.tokens.grants(new Tokens("new-access", "new-refresh", 90L, List.of(), Map.of()));

		assertThat(this.service.refresh(anExpiry(3)).block()).isEqualTo(Outcome.REFRESHED);

		SealedCredential credential = this.published.get(0);
		assertThat(this.tokens.refreshTokens).containsExactly("old-refresh");
		assertThat(credential.source()).isEqualTo("REFRESH");
		assertThat(credential.basedOnVersion()).isEqualTo(3L);
		assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(90));
		assertThat(credential.publicFields()).containsEntry("team_id", "T1");
		SecretFields secret = open(credential);
		assertThat(secret.value("access_token")).isEqualTo("new-access");
		assertThat(secret.value("refresh_token")).as("rotated: the new one replaces the old").isEqualTo("new-refresh");
	}

	@Test
	void refresh_keepsTheRefreshTokenWhenThePlatformDoesNotRotate() {
		this.tokens.grants(new Tokens("new-access", null, 90L, List.of(), Map.of()));

		this.service.refresh(anExpiry(3)).block();

		assertThat(open(this.published.get(0)).value("refresh_token")).isEqualTo("old-refresh");
	}

	@Test
	void refresh_invalidGrantMeansReauthRequiredAndNoNewTokens() {
		this.tokens.fails(TokenRequestFailedException.INVALID_GRANT);

		assertThat(this.service.refresh(anExpiry(3)).block()).isEqualTo(Outcome.REAUTH_REQUIRED);
		assertThat(this.failures).containsExactly("REAUTH_REQUIRED:INVALID_GRANT");
		assertThat(this.published).isEmpty();
	}

	@Test
	void refresh_timeoutsAndServerErrorsAreRetriedWithoutGivingUp() {
		this.tokens.fails(TokenRequestFailedException.UNAVAILABLE);

		assertThat(this.service.refresh(anExpiry(3)).block()).isEqualTo(Outcome.RETRY);
		assertThat(this.failures).isEmpty();
	}

	@Test
	void refresh_pastExpiryWithoutARefreshTokenMeansExpired() {
		this.leased = new LeasedTokens(3, "old-access", null, Map.of());
		this.clock.advance(Duration.ofHours(2));

		assertThat(this.service.refresh(anExpiry(3)).block()).isEqualTo(Outcome.EXPIRED);
		assertThat(this.failures).containsExactly("EXPIRED:NO_REFRESH_TOKEN");
		assertThat(this.tokens.refreshTokens).isEmpty();
	}

	@Test
	void refresh_skipsWhenTheVaultHoldsAnotherVersion() {
		this.tokens.grants(new Tokens("new-access", "new-refresh", 90L, List.of(), Map.of()));

		assertThat(this.service.refresh(anExpiry(2)).block()).isEqualTo(Outcome.STALE);
		assertThat(this.tokens.refreshTokens).isEmpty();
		assertThat(this.published).isEmpty();
	}

	private static Expiry anExpiry(long version) {
		return new Expiry(Fixtures.TENANT, "int_refresh", "demo-oauth", "default", version, "ACTIVE",
				NOW.plusSeconds(3600));
	}

	private static SecretFields open(SealedCredential credential) {
		return Fixtures.vaultOpener()
			.open(credential.sealedSecret(), AssociatedData.forSubmission(credential.tenantId(),
					credential.integrationId(), credential.eventId()));
	}

}

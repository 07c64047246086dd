package dev.latchkey.collector.oauth.refresh;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.catalogue.OAuth2;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.credential.CredentialPublisher;
import dev.latchkey.collector.credential.SealedCredential;
import dev.latchkey.collector.oauth.OAuthClients;
import dev.latchkey.collector.oauth.TokenEndpoint;
import dev.latchkey.collector.oauth.TokenRequestFailedException;
import dev.latchkey.collector.oauth.Tokens;
import dev.latchkey.collector.oauth.connect.OAuthService;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Sealer;
import dev.latchkey.crypto.SecretFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One refresh of one integration: lease the current tokens from the vault, run the
 * refresh grant, publish the new tokens as {@code CredentialReceived} (source
 * {@code REFRESH}) based on the leased version. The vault applies it only if that version
 * is still current, so two racing refreshes yield one new version.
 */
class RefreshService {

	enum Outcome {

		/** New tokens were published. */
		REFRESHED,

		/** The vault has moved on (a newer version or state); nothing to do. */
		STALE,

		/** Timeout or 5xx at the platform or the vault: try again later. */
		RETRY,

		/** The platform refused; the user must connect again. No more attempts. */
		REAUTH_REQUIRED,

		/** Past expiry with no refresh token. No more attempts. */
		EXPIRED

	}

	private static final Logger log = LoggerFactory.getLogger(RefreshService.class);

	private final ProviderCatalogue catalogue;

	private final OAuthClients clients;

	private final VaultLeases leases;

	private final TokenEndpoint tokens;

	private final Sealer vault;

	private final CredentialPublisher publisher;

	private final RefreshFailure failures;

	private final Clock clock;

	RefreshService(ProviderCatalogue catalogue, OAuthClients clients, VaultLeases leases, TokenEndpoint tokens,
			Sealer vault, CredentialPublisher publisher, RefreshFailure failures, Clock clock) {
		this.catalogue = catalogue;
		this.clients = clients;
		this.leases = leases;
		this.tokens = tokens;
		this.vault = vault;
		this.publisher = publisher;
		this.failures = failures;
		this.clock = clock;
	}

	Mono<Outcome> refresh(Expiry expiry) {
		Provider provider = this.catalogue.find(expiry.provider()).orElse(null);
		if (provider == null || provider.oauth().isEmpty()) {
			return Mono.just(Outcome.STALE);
		}
		OAuth2 flow = provider.oauth().get();
		return this.leases.lease(expiry.tenantId(), expiry.integrationId()).flatMap((leased) -> {
			if (leased.version() != expiry.version()) {
				log.info("Refresh of integration {} skipped: leased version {}, scheduled for {}",
						expiry.integrationId(), leased.version(), expiry.version());
				return Mono.just(Outcome.STALE);
			}
			if (leased.refreshToken() == null || !flow.refreshSupported()) {
				boolean expired = expiry.expiresAt() != null && !this.clock.instant().isBefore(expiry.expiresAt());
				return expired ? fail(expiry, Outcome.EXPIRED, "NO_REFRESH_TOKEN") : Mono.just(Outcome.STALE);
			}
			return this.tokens.refresh(flow, this.clients.forProvider(provider), leased.refreshToken())
				.flatMap((granted) -> this.publisher.publish(seal(expiry, flow, leased, granted)))
				.thenReturn(Outcome.REFRESHED)
				.doOnNext((outcome) -> log.info("Refreshed integration {} (based on version {})",
						expiry.integrationId(), leased.version()));
		}).onErrorResume(TokenRequestFailedException.class, (ex) -> {
			if (ex.retryable()) {
				log.warn("Refresh of integration {} will be retried: {}", expiry.integrationId(), ex.reason());
				return Mono.just(Outcome.RETRY);
			}
			return fail(expiry, Outcome.REAUTH_REQUIRED, ex.reason());
		});
	}

	private Mono<Outcome> fail(Expiry expiry, Outcome outcome, String reason) {
		log.warn("Refresh of integration {} version {} gave up: {} ({})", expiry.integrationId(), expiry.version(),
				outcome, reason);
		return this.failures.publish(expiry, outcome.name(), reason).thenReturn(outcome);
	}

	private SealedCredential seal(Expiry expiry, OAuth2 flow, LeasedTokens leased, Tokens granted) {
		String eventId = UUID.randomUUID().toString();
		Map<String, String> secret = new HashMap<>();
		secret.put(OAuthService.ACCESS_TOKEN, granted.accessToken());
		// A platform that rotates answers a new refresh token, which replaces the old
		// one.
		String refreshToken = (granted.refreshToken() != null) ? granted.refreshToken() : leased.refreshToken();
		secret.put(OAuthService.REFRESH_TOKEN, refreshToken);
		byte[] sealed = this.vault.seal(SecretFields.of(secret),
				AssociatedData.forSubmission(expiry.tenantId(), expiry.integrationId(), eventId));
		var now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Map<String, String> publicFields = new HashMap<>(leased.publicFields());
		publicFields.putAll(granted.publicFields());
		return new SealedCredential(eventId, expiry.tenantId(), expiry.integrationId(), expiry.provider(),
				expiry.name(), now, SealedCredential.SOURCE_REFRESH, publicFields, sealed,
				(granted.expiresInSeconds() != null) ? now.plusSeconds(granted.expiresInSeconds()) : null,
				granted.scopes().isEmpty() ? flow.defaultScopes() : granted.scopes(), leased.version());
	}

}

package dev.latchkey.collector.oauth.connect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.latchkey.catalogue.AuthMode;
import dev.latchkey.catalogue.OAuth2;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.credential.CredentialPublisher;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.credential.SealedCredential;
import dev.latchkey.collector.limit.IntegrationLimitReachedException;
import dev.latchkey.collector.limit.SubmissionLimits;
import dev.latchkey.collector.oauth.ClientRegistration;
import dev.latchkey.collector.oauth.OAuthClients;
import dev.latchkey.collector.oauth.OAuthProperties;
import dev.latchkey.collector.oauth.OAuthRefusedException;
import dev.latchkey.collector.oauth.OAuthRefusedException.Kind;
import dev.latchkey.collector.oauth.TokenEndpoint;
import dev.latchkey.collector.oauth.TokenRequestFailedException;
import dev.latchkey.collector.oauth.Tokens;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Sealer;
import dev.latchkey.crypto.SecretFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The authorization-code flow with PKCE: {@link #connect} hands out an authorize URL and
 * keeps the state server side; {@link #callback} takes that state exactly once, exchanges
 * the code, seals the tokens to the vault and publishes them. Tokens never leave this
 * class other than sealed.
 */
@Service
public class OAuthService {

	/** The secret field names of OAuth tokens (refresh seals and leases them too). */
	public static final String ACCESS_TOKEN = "access_token";

	public static final String REFRESH_TOKEN = "refresh_token";

	private static final Logger log = LoggerFactory.getLogger(OAuthService.class);

	private final ProviderCatalogue catalogue;

	private final OAuthProperties properties;

	private final PendingConnects pending;

	private final TokenEndpoint tokens;

	private final Sealer vault;

	private final CredentialPublisher publisher;

	private final Clock clock;

	private final OAuthClients clients;

	private final ConnectFailures failures;

	private final SubmissionLimits limits;

	private final ReturnUrls returnUrls;

	OAuthService(ProviderCatalogue catalogue, OAuthProperties properties, PendingConnects pending, TokenEndpoint tokens,
			Sealer vault, CredentialPublisher publisher, ConnectFailures failures, SubmissionLimits limits,
			Clock clock) {
		this.catalogue = catalogue;
		this.properties = properties;
		this.pending = pending;
		this.tokens = tokens;
		this.vault = vault;
		this.publisher = publisher;
		this.clock = clock;
		this.clients = new OAuthClients(properties);
		this.failures = failures;
		this.limits = limits;
		this.returnUrls = new ReturnUrls(properties.allowedReturnUrls());
	}

	/**
	 * Starts a connect for the caller's tenant, bound to the caller's browser.
	 * @param browserKey the key the browser already holds ({@link BrowserBinding}), or
	 * {@code null} for a new one
	 * @return the URL to send the user's browser to, and the browser key to give it
	 */
	Mono<Started> connect(String tenantId, String providerId, String name, String returnUrl, String browserKey) {
		return Mono.defer(() -> {
			Provider provider = oauthProvider(providerId);
			ClientRegistration client = client(provider);
			String integrationName = (name != null) ? name : IntegrationId.DEFAULT_NAME;
			if (!IntegrationId.NAME.matcher(integrationName).matches()) {
				throw new OAuthRefusedException(Kind.INVALID_REQUEST,
						"name must match " + IntegrationId.NAME.pattern());
			}
			String back = this.returnUrls.resolve(returnUrl);
			OAuth2 flow = provider.oauth().orElseThrow();
			String state = Pkce.random256();
			String verifier = flow.pkce() ? Pkce.random256() : null;
			String browser = (browserKey != null) ? browserKey : Pkce.random256();
			PendingConnect connect = new PendingConnect(Pkce.hashOfState(state), tenantId, provider.id(),
					integrationName, verifier, back, this.clock.instant().plus(this.properties.stateTtl()),
					Pkce.hashOfState(browser));
			Map<String, String> query = new LinkedHashMap<>();
			query.put("response_type", "code");
			query.put("client_id", client.clientId());
			query.put("redirect_uri", redirectUri(provider.id()));
			if (!flow.defaultScopes().isEmpty()) {
				query.put("scope", String.join(flow.scopeSeparator(), flow.defaultScopes()));
			}
			query.put("state", state);
			if (verifier != null) {
				query.put("code_challenge", Pkce.challengeOf(verifier));
				query.put("code_challenge_method", "S256");
			}
			query.putAll(flow.authorizeParameters());
			URI authorize = URI.create(client.authorizeUrl() + (client.authorizeUrl().contains("?") ? "&" : "?")
					+ query.entrySet()
						.stream()
						.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
						.collect(Collectors.joining("&")));
			String integrationId = IntegrationId.of(tenantId, provider.id(), integrationName).value();
			return this.limits.admitConnect(tenantId, integrationId)
				.then(this.pending.save(connect))
				.doOnSuccess((ignored) -> log.info("OAuth connect started: provider={} tenant={} name={}",
						provider.id(), tenantId, integrationName))
				.thenReturn(new Started(authorize, browser));
		});
	}

	/**
	 * Finishes a connect.
	 * @param browserKey the key from the browser's cookie, {@code null} when it sent none
	 * @return where to send the browser: the return URL with {@code integration_id} or
	 * {@code error}; fails with {@link OAuthRefusedException} ({@code INVALID_STATE})
	 * when the state is unknown, used or expired, or was started for another provider or
	 * in another browser (those two leave the state usable)
	 */
	Mono<URI> callback(String providerId, String code, String state, String error, String browserKey) {
		if (state == null || state.isBlank()) {
			return Mono.error(invalidState());
		}
		String stateHash = Pkce.hashOfState(state);
		String browserHash = (browserKey != null) ? Pkce.hashOfState(browserKey) : null;
		return this.pending.take(stateHash, providerId, browserHash)
			.switchIfEmpty(Mono.defer(() -> refusal(stateHash, providerId)))
			.flatMap((connect) -> {
				if (connect.expiredAt(this.clock.instant())) {
					return Mono.error(invalidState());
				}
				if (error != null || code == null || code.isBlank()) {
					String reason = "access_denied".equals(error) ? "access_denied" : "authorization_failed";
					String reasonCode = reason.toUpperCase(java.util.Locale.ROOT);
					log.info("OAuth connect not granted: provider={} tenant={} name={} reason={}", connect.provider(),
							connect.tenantId(), connect.name(), reasonCode);
					return report(connect, reasonCode)
						.thenReturn(back(connect.returnUrl(), Map.of("error", reason, "provider", providerId)));
				}
				return exchange(connect, code);
			});
	}

	/** Why a state was not taken, for the problem's detail; it was left as it was. */
	private Mono<PendingConnect> refusal(String stateHash, String providerId) {
		return this.pending.find(stateHash).flatMap((connect) -> {
			if (connect.expiredAt(this.clock.instant())) {
				return Mono.<PendingConnect>error(invalidState());
			}
			if (!connect.provider().equals(providerId)) {
				log.warn("OAuth callback for another provider refused: provider={} state of {}", providerId,
						connect.provider());
				return Mono.<PendingConnect>error(new OAuthRefusedException(Kind.INVALID_STATE,
						"This state belongs to a connect of another provider; nothing was changed"));
			}
			log.warn("OAuth callback from another browser refused: provider={} tenant={} name={}", providerId,
					connect.tenantId(), connect.name());
			return Mono.<PendingConnect>error(new OAuthRefusedException(Kind.INVALID_STATE,
					"This connect was started in another browser; finish it in the browser that started it"));
		}).switchIfEmpty(Mono.error(this::invalidState));
	}

	private Mono<URI> exchange(PendingConnect connect, String code) {
		Provider provider = oauthProvider(connect.provider());
		OAuth2 flow = provider.oauth().orElseThrow();
		String integrationId = IntegrationId.of(connect.tenantId(), provider.id(), connect.name()).value();
		return this.tokens
			.exchangeCode(flow, client(provider), code, connect.codeVerifier(), redirectUri(provider.id()))
			// The integration counts towards the tenant's cap from here on.
			.flatMap((granted) -> this.limits.recordConnected(connect.tenantId(), integrationId).thenReturn(granted))
			.map((granted) -> seal(connect, provider, granted))
			.flatMap((credential) -> this.publisher.publish(credential)
				.timeout(this.properties.exchangeTimeout())
				.thenReturn(credential))
			.map((credential) -> {
				log.info("OAuth credential received: integration={} provider={} tenant={} event={}",
						credential.integrationId(), credential.provider(), credential.tenantId(), credential.eventId());
				return back(connect.returnUrl(),
						Map.of("integration_id", credential.integrationId(), "provider", credential.provider()));
			})
			.onErrorResume(IntegrationLimitReachedException.class, (ex) -> {
				log.warn("OAuth connect refused: provider={} tenant={} name={} reason=INTEGRATION_LIMIT_REACHED",
						connect.provider(), connect.tenantId(), connect.name());
				return Mono.just(back(connect.returnUrl(),
						Map.of("error", "integration_limit_reached", "provider", connect.provider())));
			})
			.onErrorResume((ex) -> {
				String reason = (ex instanceof TokenRequestFailedException failed) ? failed.reason() : "PUBLISH_FAILED";
				log.warn("OAuth connect failed: provider={} tenant={} name={} reason={}", connect.provider(),
						connect.tenantId(), connect.name(), reason);
				// When the broker refused the tokens it will not take the report either.
				Mono<Void> reported = (ex instanceof TokenRequestFailedException) ? report(connect, reason)
						: Mono.empty();
				return reported.thenReturn(back(connect.returnUrl(),
						Map.of("error",
								(ex instanceof TokenRequestFailedException) ? "code_exchange_failed"
										: "temporarily_unavailable",
								"reason", reason, "provider", connect.provider())));
			});
	}

	/** Best effort: the browser goes back either way. */
	private Mono<Void> report(PendingConnect connect, String reason) {
		String integrationId = IntegrationId.of(connect.tenantId(), connect.provider(), connect.name()).value();
		return this.failures.publish(connect, integrationId, reason)
			.timeout(this.properties.exchangeTimeout())
			.doOnError((ex) -> log.warn("Could not report the failed connect of integration {}: {}", integrationId,
					ex.getClass().getSimpleName()))
			.onErrorComplete();
	}

	private SealedCredential seal(PendingConnect connect, Provider provider, Tokens granted) {
		String integrationId = IntegrationId.of(connect.tenantId(), provider.id(), connect.name()).value();
		String eventId = UUID.randomUUID().toString();
		Map<String, String> secret = new HashMap<>();
		secret.put(ACCESS_TOKEN, granted.accessToken());
		if (granted.refreshToken() != null) {
			secret.put(REFRESH_TOKEN, granted.refreshToken());
		}
		byte[] sealed = this.vault.seal(SecretFields.of(secret),
				AssociatedData.forSubmission(connect.tenantId(), integrationId, eventId));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Instant expiresAt = (granted.expiresInSeconds() != null) ? now.plusSeconds(granted.expiresInSeconds()) : null;
		List<String> scopes = granted.scopes().isEmpty() ? provider.oauth().orElseThrow().defaultScopes()
				: granted.scopes();
		return new SealedCredential(eventId, connect.tenantId(), integrationId, provider.id(), connect.name(), now,
				SealedCredential.SOURCE_OAUTH, granted.publicFields(), sealed, expiresAt, scopes, null);
	}

	String redirectUri(String providerId) {
		return this.properties.redirectBaseUrl().replaceAll("/+$", "") + "/oauth/" + providerId + "/callback";
	}

	private Provider oauthProvider(String providerId) {
		Provider provider = this.catalogue.find(providerId)
			.orElseThrow(() -> new OAuthRefusedException(Kind.UNKNOWN_PROVIDER,
					"No such provider in the catalogue; GET /api/providers lists them"));
		if (provider.authMode() != AuthMode.OAUTH2) {
			throw new OAuthRefusedException(Kind.INVALID_REQUEST,
					provider.id() + " takes pasted keys (POST /api/integrations/" + provider.id() + "/credentials)");
		}
		return provider;
	}

	private ClientRegistration client(Provider provider) {
		return this.clients.forProvider(provider);
	}

	private static URI back(String returnUrl, Map<String, String> parameters) {
		String query = parameters.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return URI.create(returnUrl + (returnUrl.contains("?") ? "&" : "?") + query);
	}

	private OAuthRefusedException invalidState() {
		return new OAuthRefusedException(Kind.INVALID_STATE,
				"Unknown, expired or already used state; start the connect again");
	}

	/**
	 * A started connect: where the browser goes, and the key it must hold for the
	 * callback.
	 */
	record Started(URI authorizeUrl, String browserKey) {

		@Override
		public String toString() {
			return "Started[authorizeUrl=" + this.authorizeUrl + ", browserKey=(redacted)]";
		}

	}

}

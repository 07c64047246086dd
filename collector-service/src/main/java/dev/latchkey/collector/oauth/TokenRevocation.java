package dev.latchkey.collector.oauth;

import java.util.Optional;

import dev.latchkey.catalogue.OAuth2;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.Opener;
import dev.latchkey.collector.oauth.connect.OAuthService;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Revokes an integration's OAuth grant at its platform before the integration is deleted,
 * best effort: the tokens are leased for purpose {@code revoke} (audited by the vault),
 * the refresh token (else the access token) is revoked per RFC 7009, and the outcome —
 * never a token, never the platform's answer — is what the deletion records.
 */
@Component
public class TokenRevocation {

	/** The collector holds no lease key (refresh is off): it cannot read the token. */
	public static final String NOT_ATTEMPTED = "NOT_ATTEMPTED";

	private static final Logger logger = LoggerFactory.getLogger(TokenRevocation.class);

	private final ProviderCatalogue catalogue;

	private final OAuthClients clients;

	private final TokenEndpoint tokens;

	private final ObjectProvider<VaultClient> vault;

	private final ObjectProvider<Opener> leaseOpener;

	TokenRevocation(ProviderCatalogue catalogue, OAuthClients clients, TokenEndpoint tokens,
			ObjectProvider<VaultClient> vault, @Qualifier("collectorLeaseOpener") ObjectProvider<Opener> leaseOpener) {
		this.catalogue = catalogue;
		this.clients = clients;
		this.tokens = tokens;
		this.vault = vault;
		this.leaseOpener = leaseOpener;
	}

	/**
	 * @return {@code REVOKED}, {@code FAILED}, {@code NOT_APPLICABLE} or
	 * {@link #NOT_ATTEMPTED}
	 */
	public Mono<String> revoke(String tenantId, String integrationId, String providerId) {
		Optional<Provider> provider = this.catalogue.find(providerId);
		Optional<OAuth2> flow = provider.flatMap(Provider::oauth);
		if (flow.isEmpty() || flow.get().revokeUrl() == null) {
			return Mono.just(TokenEndpoint.NOT_REVOKED);
		}
		ClientRegistration client;
		try {
			client = this.clients.forProvider(provider.get());
		}
		catch (OAuthRefusedException ex) {
			return Mono.just(NOT_ATTEMPTED);
		}
		VaultClient vault = this.vault.getIfAvailable();
		Opener opener = this.leaseOpener.getIfAvailable();
		if (vault == null || opener == null) {
			return Mono.just(NOT_ATTEMPTED);
		}
		LeaseOpener leases = new LeaseOpener(opener, vault.consumer());
		return vault.lease(tenantId, integrationId, Purpose.REVOKE).flatMap((lease) -> {
			SecretFields secret = leases.open(lease);
			boolean refresh = secret.value(OAuthService.REFRESH_TOKEN) != null;
			String token = refresh ? secret.value(OAuthService.REFRESH_TOKEN) : secret.value(OAuthService.ACCESS_TOKEN);
			return this.tokens.revoke(flow.get(), client, token, refresh ? "refresh_token" : "access_token");
		}).onErrorResume((ex) -> {
			logger.warn("Could not revoke the tokens of integration {} at {}: {}", integrationId, providerId,
					ex.getClass().getSimpleName());
			return Mono.just(TokenEndpoint.FAILED);
		})
			.doOnNext((outcome) -> logger.info("Revocation of integration {} at {}: {}", integrationId, providerId,
					outcome));
	}

}

package dev.latchkey.collector.oauth.refresh;

import dev.latchkey.collector.oauth.TokenRequestFailedException;
import dev.latchkey.collector.oauth.connect.OAuthService;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Leases;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultRefusedException;
import dev.latchkey.vaultclient.VaultUnavailableException;
import reactor.core.publisher.Mono;

/**
 * Refresh's leases through the shared vault client: for purpose {@code refresh}, sealed
 * to the collector's own key (audited by the vault); only this class opens them.
 */
class VaultClientLeases implements VaultLeases {

	private final Leases vault;

	private final LeaseOpener opener;

	VaultClientLeases(Leases vault, LeaseOpener opener) {
		this.vault = vault;
		this.opener = opener;
	}

	@Override
	public Mono<LeasedTokens> lease(String tenantId, String integrationId) {
		return this.vault.lease(tenantId, integrationId, Purpose.REFRESH).map((lease) -> {
			SecretFields secret = this.opener.open(lease);
			return new LeasedTokens(lease.version(), secret.value(OAuthService.ACCESS_TOKEN),
					secret.value(OAuthService.REFRESH_TOKEN), lease.publicFields());
		})
			// Refused (unknown, another tenant's, out of scope): nothing this instance
			// can
			// refresh.
			.onErrorResume(VaultRefusedException.class, (ex) -> Mono.empty())
			.onErrorMap(VaultUnavailableException.class,
					(ex) -> new TokenRequestFailedException(TokenRequestFailedException.UNAVAILABLE));
	}

}

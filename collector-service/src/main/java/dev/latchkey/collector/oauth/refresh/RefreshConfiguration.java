package dev.latchkey.collector.oauth.refresh;

import java.time.Clock;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.credential.CredentialPublisher;
import dev.latchkey.collector.oauth.OAuthClients;
import dev.latchkey.collector.oauth.TokenEndpoint;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.Sealer;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.VaultClient;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token refresh, on when {@code latchkey.oauth.refresh.enabled}: it needs the collector's
 * lease key and the vault client (its signing key).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "latchkey.oauth.refresh", name = "enabled", havingValue = "true")
class RefreshConfiguration {

	@Bean
	RefreshService refreshService(ProviderCatalogue catalogue, OAuthClients clients,
			@Qualifier("collectorLeaseOpener") Opener leaseOpener, ObjectProvider<VaultClient> vaultClient,
			TokenEndpoint tokens, Sealer vault, CredentialPublisher publisher, RefreshFailure failures, Clock clock) {
		VaultClient leases = vaultClient.getIfAvailable();
		if (leases == null) {
			throw new IllegalStateException("latchkey.oauth.refresh.enabled needs the collector's signing keyset, "
					+ "which proves its lease requests to the vault: set latchkey.collector.vault.signing-keyset-file "
					+ "(env LATCHKEY_COLLECTOR_VAULT_SIGNING_KEYSET_FILE)");
		}
		return new RefreshService(catalogue, clients,
				new VaultClientLeases(leases, new LeaseOpener(leaseOpener, leases.consumer())), tokens, vault,
				publisher, failures, clock);
	}

	@Bean
	RefreshScheduler refreshScheduler(RefreshService refreshes, RefreshProperties properties, Clock clock,
			MeterRegistry meters) {
		return new RefreshScheduler(refreshes, properties, clock, meters);
	}

	@Bean
	KafkaStatusListener kafkaStatusListener(RefreshScheduler scheduler) {
		return new KafkaStatusListener(scheduler);
	}

}

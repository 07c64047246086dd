package dev.latchkey.collector.oauth.refresh;

import java.time.Clock;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.credential.CredentialPublisher;
import dev.latchkey.collector.oauth.OAuthClients;
import dev.latchkey.collector.oauth.TokenEndpoint;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.Sealer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token refresh, on when {@code latchkey.oauth.refresh.enabled}: it needs the collector's
 * lease key and the vault.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "latchkey.oauth.refresh", name = "enabled", havingValue = "true")
class RefreshConfiguration {

	@Bean
	RefreshService refreshService(ProviderCatalogue catalogue, OAuthClients clients, RefreshProperties properties,
			@Qualifier("collectorLeaseOpener") Opener leaseOpener, TokenEndpoint tokens, Sealer vault,
			CredentialPublisher publisher, RefreshFailure failures, Clock clock) {
		return new RefreshService(catalogue, clients, new WebClientVaultLeases(properties, leaseOpener), tokens, vault,
				publisher, failures, clock);
	}

	@Bean
	RefreshScheduler refreshScheduler(RefreshService refreshes, RefreshProperties properties, Clock clock) {
		return new RefreshScheduler(refreshes, properties, clock);
	}

	@Bean
	KafkaStatusListener kafkaStatusListener(RefreshScheduler scheduler) {
		return new KafkaStatusListener(scheduler);
	}

}

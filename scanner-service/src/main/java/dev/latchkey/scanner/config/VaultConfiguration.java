package dev.latchkey.scanner.config;

import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.scanner.ScannerProperties;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.VaultClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The vault, as consumer {@code scanner} (module vault-client). */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

	@Bean
	VaultClient vaultClient(ScannerProperties properties, RequestSigner vaultRequestSigner, WebClient.Builder web) {
		// Boot's builder: the lease call is observed and carries the scan's trace.
		return new VaultClient(properties.vaultUrl().toString(), properties.consumerName(), vaultRequestSigner,
				properties.vaultTimeout(), web);
	}

	@Bean
	LeaseOpener leaseOpener(Opener leaseKey, VaultClient vault) {
		return new LeaseOpener(leaseKey, vault.consumer());
	}

}

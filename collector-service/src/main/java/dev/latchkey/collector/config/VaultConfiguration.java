package dev.latchkey.collector.config;

import java.nio.file.Path;

import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.vaultclient.VaultClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The vault's internal API as consumer {@code collector} (module vault-client), when the
 * collector has its signing keyset: refresh leases through it and the tenant-facing
 * access log reads through it.
 */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(VaultConfiguration.class);

	@Bean
	@ConditionalOnExpression("'${latchkey.collector.vault.signing-keyset-file:}' != '' "
			+ "or '${latchkey.collector.vault.signing-keyset:}' != ''")
	VaultClient collectorVaultClient(VaultProperties properties, WebClient.Builder web) {
		RequestSigner signer = new RequestSigner(!isBlank(properties.signingKeyset())
				? Keysets.loadSecret(VaultProperties.INLINE_PROPERTY, properties.signingKeyset(), null)
				: Keysets.loadSecret(VaultProperties.FILE_PROPERTY, null, Path.of(properties.signingKeysetFile())));
		logger.info("Calling the vault at {} as consumer {}", properties.url(), properties.consumerName());
		// Boot's builder: the call is observed and carries the caller's trace.
		return new VaultClient(properties.url(), properties.consumerName(), signer, properties.timeout(), web);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}

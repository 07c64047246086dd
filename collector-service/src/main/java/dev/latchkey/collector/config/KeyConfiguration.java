package dev.latchkey.collector.config;

import java.nio.file.Path;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Sealer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The only key the collector holds: the vault's public HPKE keyset. It can seal
 * submissions but open nothing, so a compromised collector leaks no stored credential.
 */
@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

	@Bean
	Sealer vaultSealer(CollectorProperties properties) {
		KeysetHandle vaultPublicKeyset = properties.hasInlineKeyset()
				? Keysets.loadPublic(CollectorProperties.INLINE_PROPERTY, properties.vaultPublicKeyset(), null)
				: Keysets.loadPublic(CollectorProperties.FILE_PROPERTY, null,
						Path.of(properties.vaultPublicKeysetFile()));
		return new HpkeSealer(vaultPublicKeyset);
	}

}

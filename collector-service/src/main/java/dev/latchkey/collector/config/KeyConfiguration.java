package dev.latchkey.collector.config;

import java.nio.file.Path;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.Sealer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Configuration;

/**
 * The vault's public HPKE keyset, to seal submissions; and, only when it refreshes OAuth
 * tokens, the collector's own private lease keyset, which opens nothing but leases the
 * vault sealed to it (each audited).
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

	@Bean
	@ConditionalOnProperty(prefix = "latchkey.oauth.refresh", name = "enabled", havingValue = "true")
	Opener collectorLeaseOpener(Environment environment) {
		String inline = environment.getProperty("latchkey.oauth.refresh.lease-keyset");
		String file = environment.getProperty("latchkey.oauth.refresh.lease-keyset-file");
		return new HpkeOpener((inline != null && !inline.isBlank())
				? Keysets.loadSecret("latchkey.oauth.refresh.lease-keyset", inline, null)
				: Keysets.loadSecret("latchkey.oauth.refresh.lease-keyset-file", null, Path.of(file)));
	}

}

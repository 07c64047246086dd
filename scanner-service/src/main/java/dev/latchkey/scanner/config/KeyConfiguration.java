package dev.latchkey.scanner.config;

import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Opener;
import dev.latchkey.scanner.ScannerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the scanner's lease key once. Without it the scanner could open no lease, so it
 * refuses to start.
 */
@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

	static final String LEASE_KEYSET = "latchkey.scanner.keys.lease-keyset";

	@Bean
	Opener leaseKey(ScannerProperties properties) {
		ScannerProperties.Keys keys = properties.keys();
		if (!keys.isConfigured()) {
			throw new IllegalStateException("The scanner has no lease key. Set latchkey.scanner.keys.lease-keyset-file "
					+ "(env LATCHKEY_SCANNER_KEYS_LEASE_KEYSET_FILE) to the HPKE private keyset whose public part "
					+ "the vault has registered for consumer '" + properties.consumerName() + "', or " + LEASE_KEYSET
					+ " (env LATCHKEY_SCANNER_KEYS_LEASE_KEYSET) to the keyset itself.");
		}
		return new HpkeOpener(Keysets.loadSecret(LEASE_KEYSET, keys.leaseKeyset(), keys.leaseKeysetFile()));
	}

}

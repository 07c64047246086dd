package dev.latchkey.scanner.config;

import java.util.ArrayList;
import java.util.List;

import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.scanner.ScannerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the scanner's keys once: the lease key, which opens what the vault seals to it,
 * and the signing key, which proves to the vault that a lease request is the scanner's.
 * Without either it could lease nothing, so it refuses to start, naming every key that is
 * missing.
 */
@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

	static final String LEASE_KEYSET = "latchkey.scanner.keys.lease-keyset";

	static final String SIGNING_KEYSET = "latchkey.scanner.keys.signing-keyset";

	@Bean
	Opener leaseKey(ScannerProperties properties) {
		requireKeys(properties);
		ScannerProperties.Keys keys = properties.keys();
		return new HpkeOpener(Keysets.loadSecret(LEASE_KEYSET, keys.leaseKeyset(), keys.leaseKeysetFile()));
	}

	@Bean
	RequestSigner vaultRequestSigner(ScannerProperties properties) {
		requireKeys(properties);
		ScannerProperties.Keys keys = properties.keys();
		return new RequestSigner(Keysets.loadSecret(SIGNING_KEYSET, keys.signingKeyset(), keys.signingKeysetFile()));
	}

	private static void requireKeys(ScannerProperties properties) {
		ScannerProperties.Keys keys = properties.keys();
		String consumer = properties.consumerName();
		List<String> missing = new ArrayList<>();
		if (!keys.isConfigured()) {
			missing.add("The scanner has no lease key. Set latchkey.scanner.keys.lease-keyset-file "
					+ "(env LATCHKEY_SCANNER_KEYS_LEASE_KEYSET_FILE) to the HPKE private keyset whose public part "
					+ "the vault has registered for consumer '" + consumer + "', or " + LEASE_KEYSET
					+ " (env LATCHKEY_SCANNER_KEYS_LEASE_KEYSET) to the keyset itself.");
		}
		if (!keys.isSigningConfigured()) {
			missing.add("The scanner has no signing key. Set latchkey.scanner.keys.signing-keyset-file "
					+ "(env LATCHKEY_SCANNER_KEYS_SIGNING_KEYSET_FILE) to the Ed25519 private keyset whose public "
					+ "part the vault has registered as the verify keyset of consumer '" + consumer + "', or "
					+ SIGNING_KEYSET + " (env LATCHKEY_SCANNER_KEYS_SIGNING_KEYSET) to the keyset itself.");
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException(String.join(" ", missing));
		}
	}

}

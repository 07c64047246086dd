package dev.latchkey.collector.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Keys and limits of the collector.
 *
 * @param vaultPublicKeysetFile file with the vault's public HPKE keyset (Tink JSON)
 * @param vaultPublicKeyset the same keyset inline (JSON or base64 of JSON); wins over the
 * file
 * @param maxBodySize largest request body accepted; larger ones are answered 413
 */
@ConfigurationProperties("latchkey.collector")
record CollectorProperties(String vaultPublicKeysetFile, String vaultPublicKeyset,
		@DefaultValue("16KB") DataSize maxBodySize) {

	static final String FILE_PROPERTY = "latchkey.collector.vault-public-keyset-file";

	static final String INLINE_PROPERTY = "latchkey.collector.vault-public-keyset";

	CollectorProperties {
		if (isBlank(vaultPublicKeysetFile) && isBlank(vaultPublicKeyset)) {
			throw new IllegalStateException("The vault's public HPKE keyset is not configured: set " + FILE_PROPERTY
					+ " (env LATCHKEY_COLLECTOR_VAULT_PUBLIC_KEYSET_FILE) or " + INLINE_PROPERTY
					+ " (env LATCHKEY_COLLECTOR_VAULT_PUBLIC_KEYSET)");
		}
		if (maxBodySize.toBytes() <= 0) {
			throw new IllegalStateException("latchkey.collector.max-body-size must be positive");
		}
	}

	boolean hasInlineKeyset() {
		return !isBlank(this.vaultPublicKeyset);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}

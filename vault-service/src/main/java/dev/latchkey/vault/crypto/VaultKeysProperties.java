package dev.latchkey.vault.crypto;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The vault's own keys, each given as a file or inline (JSON or base64 of JSON).
 *
 * @param rootKeysetFile the root AEAD keyset
 * ({@code LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE})
 * @param rootKeyset the root AEAD keyset inline ({@code LATCHKEY_VAULT_KEYS_ROOT_KEYSET})
 * @param submissionKeysetFile the HPKE private keyset that opens what the collector
 * sealed ({@code LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE})
 * @param submissionKeyset the same inline ({@code LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET})
 */
@ConfigurationProperties("latchkey.vault.keys")
record VaultKeysProperties(Path rootKeysetFile, String rootKeyset, Path submissionKeysetFile, String submissionKeyset) {

	static final String ROOT = "latchkey.vault.keys.root-keyset-file (LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE) "
			+ "or latchkey.vault.keys.root-keyset (LATCHKEY_VAULT_KEYS_ROOT_KEYSET)";

	static final String SUBMISSION = "latchkey.vault.keys.submission-keyset-file "
			+ "(LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE) or latchkey.vault.keys.submission-keyset "
			+ "(LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET)";

	@Override
	public String toString() {
		return "VaultKeysProperties[rootKeysetFile=" + this.rootKeysetFile + ", submissionKeysetFile="
				+ this.submissionKeysetFile + ", inline keysets redacted]";
	}

}

package dev.latchkey.vault.crypto;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The vault's own keys, each given as a file or inline (JSON or base64 of JSON).
 *
 * @param rootKeysetFile the root AEAD keyset: plaintext, or wrapped by
 * {@code rootKmsKeyUri} when that is set ({@code LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE})
 * @param rootKeyset the root AEAD keyset inline ({@code LATCHKEY_VAULT_KEYS_ROOT_KEYSET})
 * @param submissionKeysetFile the HPKE private keyset that opens what the collector
 * sealed ({@code LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE})
 * @param submissionKeyset the same inline ({@code LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET})
 * @param rootKmsKeyUri the KMS key that wraps the root keyset, {@code aws-kms://…} or
 * {@code gcp-kms://…}; unset: the root keyset is plaintext
 * ({@code LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI})
 * @param rootKmsCredentialsFile credentials for that KMS; unset: the cloud SDK's default
 * discovery ({@code LATCHKEY_VAULT_KEYS_ROOT_KMS_CREDENTIALS_FILE})
 */
@ConfigurationProperties("latchkey.vault.keys")
record VaultKeysProperties(Path rootKeysetFile, String rootKeyset, Path submissionKeysetFile, String submissionKeyset,
		String rootKmsKeyUri, Path rootKmsCredentialsFile) {

	static final String ROOT = "latchkey.vault.keys.root-keyset-file (LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE) "
			+ "or latchkey.vault.keys.root-keyset (LATCHKEY_VAULT_KEYS_ROOT_KEYSET)";

	static final String ROOT_KMS_KEY_URI = "latchkey.vault.keys.root-kms-key-uri (LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI)";

	static final String SUBMISSION = "latchkey.vault.keys.submission-keyset-file "
			+ "(LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE) or latchkey.vault.keys.submission-keyset "
			+ "(LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET)";

	boolean rootWrappedByKms() {
		return this.rootKmsKeyUri != null && !this.rootKmsKeyUri.isBlank();
	}

	@Override
	public String toString() {
		return "VaultKeysProperties[rootKeysetFile=" + this.rootKeysetFile + ", submissionKeysetFile="
				+ this.submissionKeysetFile + ", rootKmsKeyUri=" + this.rootKmsKeyUri + ", rootKmsCredentialsFile="
				+ this.rootKmsCredentialsFile + ", inline keysets redacted]";
	}

}

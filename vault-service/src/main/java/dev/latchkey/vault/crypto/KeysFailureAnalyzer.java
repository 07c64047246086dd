package dev.latchkey.vault.crypto;

import dev.latchkey.crypto.SealingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or unusable keyset at start-up into a short, actionable report. */
class KeysFailureAnalyzer extends AbstractFailureAnalyzer<SealingException> {

	private static final String FILES = "Point latchkey.vault.keys.root-keyset-file (LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE) "
			+ "at the root AEAD keyset and latchkey.vault.keys.submission-keyset-file "
			+ "(LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE) at the HPKE private keyset the collector "
			+ "seals to, or give them inline; each lease consumer needs "
			+ "latchkey.vault.lease.consumers.<name>.public-keyset-file. A root keyset wrapped by a KMS key "
			+ "also needs " + VaultKeysProperties.ROOT_KMS_KEY_URI + ".";

	private static final String KMS = "Check that the KMS answers from here, that the vault's credentials may "
			+ "encrypt and decrypt with that key (AWS: kms:Encrypt and kms:Decrypt on the key; Google Cloud: "
			+ "roles/cloudkms.cryptoKeyEncrypterDecrypter on the key), and that the root keyset file holds the "
			+ "keyset wrapped by that very key (admin: keys wrap-root). Credentials come from "
			+ "latchkey.vault.keys.root-kms-credentials-file (LATCHKEY_VAULT_KEYS_ROOT_KMS_CREDENTIALS_FILE), "
			+ "else from the cloud SDK's default discovery. Without " + VaultKeysProperties.ROOT_KMS_KEY_URI
			+ " the root keyset is read as plaintext.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SealingException cause) {
		boolean kms = cause.getMessage() != null && cause.getMessage().contains("root-kms-key-uri");
		return new FailureAnalysis("The vault cannot load its keys: " + cause.getMessage(), kms ? KMS : FILES, cause);
	}

}

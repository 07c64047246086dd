package dev.latchkey.vault.crypto;

import java.time.Clock;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.KmsKeys;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.SealingException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the vault's keysets once at start-up. Without them the vault refuses to start,
 * naming the property to set.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	/**
	 * The root keyset's file or value, wrapped by a KMS key when
	 * {@code latchkey.vault.keys.root-kms-key-uri} is set, else plaintext.
	 */
	@Bean
	RootKeysetStore rootKeysetStore(VaultKeysProperties keys) {
		if (!keys.rootWrappedByKms()) {
			return RootKeysetFile.plaintext(VaultKeysProperties.ROOT, keys.rootKeyset(), keys.rootKeysetFile());
		}
		Aead kmsKey = KmsKeys.aead(VaultKeysProperties.ROOT_KMS_KEY_URI, keys.rootKmsKeyUri(),
				keys.rootKmsCredentialsFile());
		return RootKeysetFile.wrapped(VaultKeysProperties.ROOT + ", wrapped by " + VaultKeysProperties.ROOT_KMS_KEY_URI
				+ " = " + keys.rootKmsKeyUri().strip() + ",", keys.rootKeyset(), keys.rootKeysetFile(), kmsKey);
	}

	/**
	 * Loads the root keyset once here, so a vault without a usable root key never starts.
	 */
	@Bean
	TinkKeyHierarchy keyHierarchy(RootKeysetStore rootKeysets, TenantKeyStore tenantKeys, Clock clock) {
		return new TinkKeyHierarchy(rootKeysets, tenantKeys, clock);
	}

	/** Opens the credentials the collector sealed to the vault. */
	@Bean
	Opener submissionOpener(VaultKeysProperties keys) {
		KeysetHandle keyset = Keysets.loadSecret(VaultKeysProperties.SUBMISSION, keys.submissionKeyset(),
				keys.submissionKeysetFile());
		try {
			return new HpkeOpener(keyset);
		}
		catch (SealingException ex) {
			throw new SealingException(VaultKeysProperties.SUBMISSION + " must be an HPKE private keyset", ex);
		}
	}

}

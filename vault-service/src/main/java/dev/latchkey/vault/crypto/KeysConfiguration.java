package dev.latchkey.vault.crypto;

import java.time.Clock;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.SealingException;

import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the vault's keysets once at start-up. Without them the vault refuses to start,
 * naming the property to set.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	@Bean
	TinkKeyHierarchy keyHierarchy(VaultKeysProperties keys, TenantKeyStore tenantKeys, Clock clock) {
		RootKeyset root = (!StringUtils.hasText(keys.rootKeyset()) && keys.rootKeysetFile() != null)
				? new FileRootKeyset(keys.rootKeysetFile()) : RootKeyset
					.fixed(Keysets.loadSecret(VaultKeysProperties.ROOT, keys.rootKeyset(), keys.rootKeysetFile()));
		try {
			return new TinkKeyHierarchy(root, tenantKeys, clock, TinkKeyHierarchy.DEFAULT_TENANT_KEY_TTL);
		}
		catch (SealingException ex) {
			throw new SealingException(VaultKeysProperties.ROOT + " must be an AEAD keyset", ex);
		}
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

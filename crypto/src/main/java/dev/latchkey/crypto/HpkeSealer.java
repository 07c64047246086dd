package dev.latchkey.crypto;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

/** Seals with Tink HPKE to the holder of the matching private keyset. */
public final class HpkeSealer implements Sealer {

	private final HybridEncrypt encrypt;

	public HpkeSealer(KeysetHandle publicKeyset) {
		try {
			this.encrypt = publicKeyset.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Not an HPKE public keyset", ex);
		}
	}

	@Override
	public byte[] seal(byte[] plaintext, AssociatedData associatedData) {
		try {
			return this.encrypt.encrypt(plaintext, associatedData.bytes());
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Sealing failed for " + associatedData, ex);
		}
	}

}

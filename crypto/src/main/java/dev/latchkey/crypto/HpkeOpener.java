package dev.latchkey.crypto;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

/** Opens what an {@link HpkeSealer} sealed to this private keyset. */
public final class HpkeOpener implements Opener {

	private final HybridDecrypt decrypt;

	public HpkeOpener(KeysetHandle privateKeyset) {
		try {
			this.decrypt = privateKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Not an HPKE private keyset", ex);
		}
	}

	@Override
	public byte[] open(byte[] ciphertext, AssociatedData associatedData) {
		try {
			return this.decrypt.decrypt(ciphertext, associatedData.bytes());
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot open sealed data for " + associatedData
					+ ": wrong key, wrong associated data or altered ciphertext", ex);
		}
	}

}

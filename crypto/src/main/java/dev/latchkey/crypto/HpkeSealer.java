package dev.latchkey.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

/** Seals with Tink HPKE to the holder of the matching private keyset. */
public final class HpkeSealer implements Sealer {

	private final HybridEncrypt encrypt;

	public HpkeSealer(KeysetHandle publicKeyset) {
		this(primitive(publicKeyset));
	}

	HpkeSealer(HybridEncrypt encrypt) {
		this.encrypt = encrypt;
	}

	@Override
	public byte[] seal(SecretFields secret, AssociatedData associatedData) {
		byte[] plaintext = secret.encode();
		try {
			return this.encrypt.encrypt(plaintext, associatedData.bytes());
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Sealing failed for " + associatedData, ex);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private static HybridEncrypt primitive(KeysetHandle publicKeyset) {
		try {
			return publicKeyset.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Not an HPKE public keyset", ex);
		}
	}

}

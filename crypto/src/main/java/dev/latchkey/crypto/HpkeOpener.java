package dev.latchkey.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

/** Opens what an {@link HpkeSealer} sealed to this private keyset. */
public final class HpkeOpener implements Opener {

	private final HybridDecrypt decrypt;

	public HpkeOpener(KeysetHandle privateKeyset) {
		this(primitive(privateKeyset));
	}

	HpkeOpener(HybridDecrypt decrypt) {
		this.decrypt = decrypt;
	}

	@Override
	public SecretFields open(byte[] sealed, AssociatedData associatedData) {
		byte[] plaintext;
		try {
			plaintext = this.decrypt.decrypt(sealed, associatedData.bytes());
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot open sealed data for " + associatedData
					+ ": wrong key, wrong associated data or altered ciphertext", ex);
		}
		try {
			return SecretFields.decode(plaintext);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private static HybridDecrypt primitive(KeysetHandle privateKeyset) {
		try {
			return privateKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Not an HPKE private keyset", ex);
		}
	}

}

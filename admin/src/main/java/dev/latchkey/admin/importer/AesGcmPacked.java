package dev.latchkey.admin.importer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM values stored as {@code base64(iv[12] ‖ tag[16] ‖ ciphertext)} (the MongoDB
 * {@code secrets} collection's {@code data}).
 */
final class AesGcmPacked implements LegacyCipher {

	private static final int IV_BYTES = 12;

	private static final int TAG_BYTES = 16;

	private final SecretKeySpec key;

	AesGcmPacked(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("an AES-256 key has 32 bytes, this one " + key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	@Override
	public boolean looksSealed(String stored) {
		byte[] packed = decode(stored);
		return packed != null && packed.length > IV_BYTES + TAG_BYTES;
	}

	@Override
	public String open(String stored, String what) throws RowFailure {
		byte[] packed = decode(stored);
		if (packed == null || packed.length <= IV_BYTES + TAG_BYTES) {
			throw new RowFailure(Problem.BAD_CIPHERTEXT, what + " is not base64 of iv(12) + tag(16) + ciphertext"
					+ ((packed != null) ? " (too short)" : ""));
		}
		return open(packed, what);
	}

	String open(byte[] packed, String what) throws RowFailure {
		int length = packed.length - IV_BYTES - TAG_BYTES;
		byte[] sealed = new byte[length + TAG_BYTES];
		System.arraycopy(packed, IV_BYTES + TAG_BYTES, sealed, 0, length);
		System.arraycopy(packed, IV_BYTES, sealed, length, TAG_BYTES);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BYTES * 8, packed, 0, IV_BYTES));
			return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
		}
		catch (AEADBadTagException ex) {
			throw new RowFailure(Problem.WRONG_KEY,
					what + " does not open with the legacy key (wrong key, or the ciphertext was altered)");
		}
		catch (GeneralSecurityException ex) {
			throw new RowFailure(Problem.BAD_CIPHERTEXT,
					what + " cannot be decrypted: " + ex.getClass().getSimpleName());
		}
	}

	private static byte[] decode(String stored) {
		if (stored == null) {
			return null;
		}
		try {
			String text = stored.strip();
			return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) ? Base64.getUrlDecoder().decode(text)
					: Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
